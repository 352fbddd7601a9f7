import { execFile } from "node:child_process";
import { gunzipSync } from "node:zlib";

/** The parts of an OCI image config (image-spec config.md) the image tests look at. */
export interface OciImageConfig {
  architecture: string;
  os: string;
  config: {
    User?: string;
    Env?: string[];
    Entrypoint?: string[];
    Cmd?: string[];
    WorkingDir?: string;
    Volumes?: Record<string, object>;
    Labels?: Record<string, string>;
  };
}

/** One layer of an image: its digest, media type and uncompressed size in bytes. */
export interface OciLayer {
  digest: string;
  mediaType: string;
  uncompressedBytes: number;
}

/** An image read from an OCI archive (a tar of an OCI image layout). */
export interface OciArchiveImage {
  refName: string | undefined;
  config: OciImageConfig;
  layers: OciLayer[];
}

function run(command: string, args: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { encoding: "buffer", maxBuffer: 1024 * 1024 * 1024 }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
  });
}

const blobPath = (digest: string) => `blobs/${digest.replace(":", "/")}`;
const readMember = (archive: string, member: string) => run("tar", ["-xOf", archive, member]);

/**
 * Reads the single image of an OCI archive: index.json → manifest → config and layers (OCI image-spec
 * image-layout.md, manifest.md). A layer stored as `…tar+gzip` is decompressed to measure it.
 */
export async function readOciArchive(archive: string): Promise<OciArchiveImage> {
  const index = JSON.parse((await readMember(archive, "index.json")).toString("utf8"));
  const [entry] = index.manifests;
  const manifest = JSON.parse((await readMember(archive, blobPath(entry.digest))).toString("utf8"));
  const config = JSON.parse((await readMember(archive, blobPath(manifest.config.digest))).toString("utf8"));
  const layers: OciLayer[] = [];
  for (const { digest, mediaType } of manifest.layers as { digest: string; mediaType: string }[]) {
    const blob = await readMember(archive, blobPath(digest));
    const tar = mediaType.endsWith("gzip") ? gunzipSync(blob) : blob;
    layers.push({ digest, mediaType, uncompressedBytes: tar.length });
  }
  return { refName: entry.annotations?.["org.opencontainers.image.ref.name"], config, layers };
}

/** The paths a layer of the archive holds, without the leading `./` or `/` (listed by the system's tar). */
export async function listLayer(archive: string, layer: OciLayer): Promise<string[]> {
  const member = JSON.stringify(blobPath(layer.digest));
  const list = await run("bash", [
    "-c",
    `tar -xOf ${JSON.stringify(archive)} ${member} | tar -t${layer.mediaType.endsWith("gzip") ? "z" : ""}f -`,
  ]);
  return list
    .toString("utf8")
    .split("\n")
    .filter(Boolean)
    .map((path) => path.replace(/^\.?\//, "").replace(/\/$/, ""))
    .filter(Boolean);
}
