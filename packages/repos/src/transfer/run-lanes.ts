/**
 * Runs `count` copies of `lane` at once. The first failure aborts `controller` (the other lanes stop
 * at their next step) and is thrown once every lane has returned: no write is still in flight when
 * the caller closes its file and cuts it back.
 */
export async function runLanes(count: number, lane: () => Promise<void>, controller: AbortController): Promise<void> {
  let failure: { error: unknown } | undefined;
  await Promise.all(
    Array.from({ length: count }, async () => {
      try {
        await lane();
      } catch (error) {
        if (failure) return;
        failure = { error };
        controller.abort(error);
      }
    }),
  );
  if (failure) throw failure.error;
}
