import { DEMO_FEED_PATH, readBundleFile, startTaxiiServer } from "@taxiway/testkit/fixtures";
import { parseFlags, UsageError } from "../args.js";
import type { CommandIo } from "../command.js";
import { ExitCode } from "../exit-codes.js";
import { reportFailure } from "../output/failure.js";

/**
 * `taxiway demo --serve`: the demo feed as a TAXII 2.1 server that keeps running (until SIGINT/SIGTERM), on
 * 127.0.0.1:PORT, for trying jobs of your own. With `--token-env VAR` it requires that bearer token, so bad
 * credentials can be tried too.
 */
export async function serveDemoFeed(argv: string[], io: CommandIo): Promise<number> {
  let port: number;
  let token: string | undefined;
  let tokenVariable = "TAXII_TOKEN";
  try {
    const { values } = parseFlags(
      argv,
      { serve: { type: "boolean" }, port: { type: "string" }, "token-env": { type: "string" } },
      false,
    );
    port = Number(values.port ?? 9400);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`--port '${values.port}' is not a port`);
    if (values["token-env"] !== undefined) {
      tokenVariable = values["token-env"];
      token = io.env[tokenVariable];
      if (!token) throw new UsageError(`environment variable ${values["token-env"]} is not set`);
    }
  } catch (error) {
    return reportFailure(io, error);
  }
  const objects = await readBundleFile(DEMO_FEED_PATH);
  const server = await startTaxiiServer({
    port,
    collections: [{ id: "demo", title: "taxiway demo feed", alias: "demo", objects }],
    ...(token ? { auth: { type: "bearer" as const, token } } : {}),
  });
  io.stdout.write(
    [
      `demo feed: ${server.url} (TAXII 2.1, collection demo, ${objects.length} objects${token ? ", bearer token required" : ""})`,
      "a job for it:",
      "  source:",
      "    type: taxii",
      `    url: ${server.url}`,
      "    collection: demo",
      ...(token ? [`    auth: { type: bearer, token: "$\{env:${tokenVariable}}" }`] : []),
      "Ctrl-C or SIGTERM stops it.",
      "",
    ].join("\n"),
  );
  await new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
  await server.close();
  return ExitCode.ok;
}
