// A small Kubernetes API client over node:https with the admin client certificate: create, get,
// server-side apply, list and delete any object, paths found by discovery (CRDs that Gatekeeper
// creates later are found by looking again). Warning headers are returned as their texts.
import { Agent, request } from "node:https";

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export interface ApiResponse {
  status: number;
  /** The parsed JSON body (a Status on errors). */
  body: unknown;
  /** The text of each `Warning` header (`299 - "text"`). */
  warnings: string[];
}

interface Resource {
  plural: string;
  namespaced: boolean;
}

export class ApiError extends Error {
  constructor(
    readonly response: ApiResponse,
    what: string,
  ) {
    super(`${what}: HTTP ${response.status} ${statusMessage(response) ?? JSON.stringify(response.body)}`);
  }
}

/** The `message` of a Status body, if the body is one. */
export function statusMessage(response: ApiResponse): string | undefined {
  const body = response.body as { kind?: unknown; message?: unknown } | null;
  return body && body.kind === "Status" && typeof body.message === "string" ? body.message : undefined;
}

export class Api {
  private readonly agent: Agent;
  private readonly discovered = new Map<string, Map<string, Resource>>();

  constructor(
    readonly server: string,
    tls: { ca: string; cert: string; key: string },
  ) {
    this.agent = new Agent({ ...tls, keepAlive: true, maxSockets: 8 });
  }

  close(): void {
    this.agent.destroy();
  }

  request(method: string, path: string, body?: unknown, contentType = "application/json"): Promise<ApiResponse> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        new URL(path, this.server),
        {
          method,
          agent: this.agent,
          headers: { accept: "application/json", ...(payload === undefined ? {} : { "content-type": contentType, "content-length": Buffer.byteLength(payload) }) },
          timeout: 30_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let parsed: unknown = text;
            try {
              parsed = text ? (JSON.parse(text) as unknown) : undefined;
            } catch {
              // not JSON (e.g. /readyz's "ok")
            }
            resolve({ status: res.statusCode ?? 0, body: parsed, warnings: warningTexts(res.rawHeaders) });
          });
          res.on("error", reject);
        },
      );
      req.on("timeout", () => req.destroy(new Error(`${method} ${path} timed out`)));
      req.on("error", reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /** The REST path of an object's collection (`name` omitted) or of the object. */
  async path(apiVersion: string, kind: string, namespace?: string, name?: string): Promise<string> {
    const resource = await this.resource(apiVersion, kind);
    const base = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const ns = resource.namespaced ? `/namespaces/${encodeURIComponent(namespace ?? "default")}` : "";
    return `${base}${ns}/${resource.plural}${name === undefined ? "" : `/${encodeURIComponent(name)}`}`;
  }

  /** Creates `object`; with `dryRun`, the API server admits it (webhooks included) but stores nothing. */
  async create(object: KubeObject, options: { dryRun?: boolean } = {}): Promise<ApiResponse> {
    const path = await this.path(object.apiVersion, object.kind, object.metadata.namespace);
    return this.request("POST", `${path}${options.dryRun ? "?dryRun=All" : ""}`, object);
  }

  /** Server-side apply (create or update), forcing ownership of the fields it sets. */
  async apply(object: KubeObject): Promise<ApiResponse> {
    const path = await this.path(object.apiVersion, object.kind, object.metadata.namespace, object.metadata.name);
    const response = await this.request("PATCH", `${path}?fieldManager=gkc-cluster-test&force=true`, object, "application/apply-patch+yaml");
    if (response.status >= 300) throw new ApiError(response, `apply ${object.kind} ${object.metadata.name}`);
    return response;
  }

  async get(apiVersion: string, kind: string, name: string, namespace?: string): Promise<ApiResponse> {
    return this.request("GET", await this.path(apiVersion, kind, namespace, name));
  }

  async delete(apiVersion: string, kind: string, name: string, namespace?: string): Promise<ApiResponse> {
    return this.request("DELETE", await this.path(apiVersion, kind, namespace, name));
  }

  private async resource(apiVersion: string, kind: string): Promise<Resource> {
    const known = this.discovered.get(apiVersion)?.get(kind);
    if (known) return known;
    // Not known yet (or a CRD created since): ask again.
    const response = await this.request("GET", apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`);
    const list = response.body as { resources?: { name: string; kind: string; namespaced: boolean }[] } | undefined;
    const resources = new Map<string, Resource>();
    for (const r of list?.resources ?? []) if (!r.name.includes("/")) resources.set(r.kind, { plural: r.name, namespaced: r.namespaced });
    this.discovered.set(apiVersion, resources);
    const found = resources.get(kind);
    if (!found) throw new Error(`the API server serves no ${kind} in ${apiVersion} (HTTP ${response.status})`);
    return found;
  }
}

/**
 * The texts of `Warning: 299 - "text"` headers, unquoted. The API server writes a warning's
 * UTF-8 bytes as they are; Node gives a header one character per byte (latin1), so the bytes are
 * read again as UTF-8.
 */
function warningTexts(rawHeaders: string[]): string[] {
  const texts: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i]?.toLowerCase() !== "warning") continue;
    const value = Buffer.from(rawHeaders[i + 1] ?? "", "latin1").toString("utf8");
    const match = /^\d{3} \S+ "((?:[^"\\]|\\.)*)"/.exec(value);
    if (match?.[1] !== undefined) texts.push(match[1].replace(/\\(.)/g, "$1"));
  }
  return texts;
}
