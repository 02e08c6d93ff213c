import {
  addSpaceSecret,
  addSpaceVariable,
  deleteSpaceSecret,
  deleteSpaceVariable,
  getSpaceRuntime,
  pauseSpace,
  requestSpaceHardware,
  restartSpace,
  type SpaceRuntime,
  type SpaceVariable,
} from "@hub/sdk";
import type { Command } from "commander";
import { createContext } from "../context.ts";
import { readAllStdin } from "../input.ts";
import { printJson } from "../output/json.ts";
import { printFields, printTable } from "../output/table.ts";

interface JsonOption {
  json?: boolean;
}

/** Adds `hub spaces runtime|hardware|secret|variable|pause|restart`. */
export function registerSpacesCommands(program: Command): void {
  const spaces = program.command("spaces").description("manage Space runtime, hardware, secrets and variables");

  spaces
    .command("runtime")
    .description("show the stage, hardware and sleep time of a Space")
    .argument("<space>", "Space id, namespace/name")
    .option("--json", "print the runtime as JSON")
    .action(async (repoId: string, options: JsonOption, command: Command) => {
      printRuntime(await getSpaceRuntime({ ...(await createContext(command).options()), repoId }), options.json);
    });

  spaces
    .command("hardware")
    .description("request hardware for a Space (applied at its next restart)")
    .argument("<space>", "Space id")
    .argument("<flavor>", "hardware flavor, e.g. cpu-basic, cpu-upgrade, t4-small, a10g-large")
    .option("--sleep-time <seconds>", "seconds of inactivity before sleeping", Number)
    .option("--json", "print the runtime as JSON")
    .action(async (repoId: string, hardware: string, options: JsonOption & { sleepTime?: number }, command: Command) => {
      const runtime = await requestSpaceHardware({
        ...(await createContext(command).authenticated()),
        repoId,
        hardware,
        sleepTime: options.sleepTime,
      });
      printRuntime(runtime, options.json);
    });

  const secret = spaces.command("secret").description("set or delete Space secrets");
  secret
    .command("set")
    .description("add or update a secret (the value is read from stdin when not given)")
    .argument("<space>", "Space id")
    .argument("<key>", "secret name, e.g. GITHUB_API_KEY")
    .argument("[value]", "secret value (prefer stdin: arguments are visible to other users of this machine)")
    .option("--description <text>", "description shown next to the key")
    .action(async (repoId: string, key: string, value: string | undefined, options: { description?: string }, command: Command) => {
      const secretValue = value ?? (await readAllStdin()).replace(/\r?\n$/, "");
      await addSpaceSecret({
        ...(await createContext(command).authenticated()),
        repoId,
        key,
        value: secretValue,
        description: options.description,
      });
      process.stdout.write(`Secret ${key} set on ${repoId}.\n`);
    });
  secret
    .command("delete")
    .description("delete a secret")
    .argument("<space>", "Space id")
    .argument("<key>", "secret name")
    .action(async (repoId: string, key: string, _options: object, command: Command) => {
      await deleteSpaceSecret({ ...(await createContext(command).authenticated()), repoId, key });
      process.stdout.write(`Secret ${key} deleted from ${repoId}.\n`);
    });

  const variable = spaces.command("variable").description("set or delete Space variables");
  variable
    .command("set")
    .description("add or update a public variable")
    .argument("<space>", "Space id")
    .argument("<key>", "variable name")
    .argument("<value>", "variable value")
    .option("--description <text>", "description shown next to the key")
    .option("--json", "print every variable as JSON")
    .action(async (repoId: string, key: string, value: string, options: JsonOption & { description?: string }, command: Command) => {
      const variables = await addSpaceVariable({
        ...(await createContext(command).authenticated()),
        repoId,
        key,
        value,
        description: options.description,
      });
      printVariables(variables, options.json);
    });
  variable
    .command("delete")
    .description("delete a variable")
    .argument("<space>", "Space id")
    .argument("<key>", "variable name")
    .option("--json", "print the remaining variables as JSON")
    .action(async (repoId: string, key: string, options: JsonOption, command: Command) => {
      printVariables(await deleteSpaceVariable({ ...(await createContext(command).authenticated()), repoId, key }), options.json);
    });

  spaces
    .command("pause")
    .description("pause a Space (restart it to resume)")
    .argument("<space>", "Space id")
    .option("--json", "print the runtime as JSON")
    .action(async (repoId: string, options: JsonOption, command: Command) => {
      printRuntime(await pauseSpace({ ...(await createContext(command).authenticated()), repoId }), options.json);
    });

  spaces
    .command("restart")
    .description("restart (or resume) a Space")
    .argument("<space>", "Space id")
    .option("--factory-reboot", "rebuild without the build cache")
    .option("--json", "print the runtime as JSON")
    .action(async (repoId: string, options: JsonOption & { factoryReboot?: boolean }, command: Command) => {
      const runtime = await restartSpace({
        ...(await createContext(command).authenticated()),
        repoId,
        factoryReboot: options.factoryReboot,
      });
      printRuntime(runtime, options.json);
    });
}

function printRuntime(runtime: SpaceRuntime, json: boolean | undefined): void {
  if (json) return printJson(runtime);
  printFields({
    stage: runtime.stage,
    hardware: runtime.hardware.current ?? "(none)",
    requested: runtime.hardware.requested,
    "sleep time": runtime.sleepTime === null ? undefined : runtime.sleepTime === -1 ? "never" : `${runtime.sleepTime}s`,
    storage: runtime.storage,
  });
}

function printVariables(variables: Record<string, SpaceVariable>, json: boolean | undefined): void {
  if (json) return printJson(variables);
  const rows = Object.values(variables);
  printTable(
    rows,
    [
      { header: "key", value: (row) => row.key },
      { header: "value", value: (row) => row.value },
    ],
    "No variables.",
  );
}
