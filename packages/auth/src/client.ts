declare const __HUB_PACKAGE_VERSION__: string | undefined;

/** `auth/<version>` for the user agent; the version is injected at build time (`0.0.0-dev` from source). */
export const CLIENT = `auth/${typeof __HUB_PACKAGE_VERSION__ === "string" ? __HUB_PACKAGE_VERSION__ : "0.0.0-dev"}`;
