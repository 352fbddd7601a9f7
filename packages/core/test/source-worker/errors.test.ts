import { describe, expect, it } from "vitest";
import { AbortedError, ConfigError, NetworkError, TaxiwayError } from "../../src/errors/index.js";
import { rebuildError, serializeError } from "../../src/source-worker/index.js";
import { TaxiiHttpError } from "../../src/taxii/errors.js";

const across = (error: unknown) => rebuildError(structuredClone(serializeError(error)));

describe("errors thrown in the source worker keep what the runner and the CLI branch on", () => {
  it("ConfigError, AbortedError and NetworkError come back as their own classes, code and retryable kept", () => {
    const config = across(
      new ConfigError("bad collection", { code: "COLLECTION_NOT_FOUND", details: { c: "x" } }),
    );
    expect(config).toBeInstanceOf(ConfigError);
    expect(config).toMatchObject({ code: "COLLECTION_NOT_FOUND", retryable: false, details: { c: "x" } });
    expect(across(new AbortedError())).toBeInstanceOf(AbortedError);
    const network = across(new NetworkError("reset", { code: "NETWORK_RESET", retryable: false }));
    expect(network).toBeInstanceOf(NetworkError);
    expect(network).toMatchObject({ code: "NETWORK_RESET", retryable: false, message: "reset" });
  });

  it("another TaxiwayError keeps its name, code, retryable flag and details (a 401 stays a config exit)", () => {
    const http = new TaxiiHttpError({ status: 401, url: "https://taxii.example/api1/", body: "" });
    const back = across(http);
    expect(back).toBeInstanceOf(TaxiwayError);
    expect(back).toMatchObject({ name: "TaxiiHttpError", code: "TAXII_HTTP_401", retryable: http.retryable });
    expect(back.message).toBe(http.message);
  });

  it("a plain Error comes back as an Error with its message, no code", () => {
    const back = across(new RangeError("boom"));
    expect(back).not.toBeInstanceOf(TaxiwayError);
    expect(back).toMatchObject({ name: "RangeError", message: "boom" });
  });

  it("keeps the stack from the worker, so a debug log shows where the error was thrown", () => {
    const thrown = new ConfigError("bad");
    expect(across(thrown).stack).toBe(thrown.stack);
    const plain = new TypeError("boom");
    expect(across(plain).stack).toBe(plain.stack);
  });
});
