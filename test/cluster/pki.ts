// A throwaway PKI for one test cluster: a CA, serving certificates for kube-apiserver and
// Gatekeeper's webhook (loopback only), an admin client certificate (group system:masters) and
// the service-account signing key. Node can make keys but not X.509 certificates, so the
// certificates come from the openssl CLI (Debian's ca-certificates depends on it).
import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface Pki {
  /** PEM of the CA: the apiserver's client CA, the clients' trust root, the webhook's caBundle. */
  ca: string;
  caFile: string;
  apiserver: { cert: string; key: string };
  /** Gatekeeper reads tls.crt and tls.key from this directory (--cert-dir). */
  webhookCertDir: string;
  admin: { certPem: string; keyPem: string; cert: string; key: string };
  serviceAccount: { publicKey: string; privateKey: string };
}

const EC = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

function openssl(dir: string, args: string[]): void {
  execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
}

/** Signs a new key's certificate with the CA: `extensions` are openssl x509v3 lines. */
function issue(dir: string, name: string, subject: string, extensions: string[]): { cert: string; key: string } {
  const ext = join(dir, `${name}.ext`);
  writeFileSync(ext, `${extensions.join("\n")}\n`);
  openssl(dir, ["req", "-new", ...EC, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", subject]);
  openssl(dir, ["x509", "-req", "-in", `${name}.csr`, "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2", "-out", `${name}.crt`, "-extfile", ext]);
  return { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
}

export function makePki(dir: string, webhookCertDir: string): Pki {
  openssl(dir, [
    "req", "-x509", ...EC, "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=gkc-test-cluster-ca",
    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  const serving = ["basicConstraints=CA:FALSE", "keyUsage=critical,digitalSignature", "extendedKeyUsage=serverAuth", "subjectAltName=IP:127.0.0.1,DNS:localhost"];
  const apiserver = issue(dir, "apiserver", "/CN=kube-apiserver", serving);
  const webhook = issue(dir, "webhook", "/CN=gatekeeper-webhook", serving);
  writeFileSync(join(webhookCertDir, "tls.crt"), readFileSync(webhook.cert));
  writeFileSync(join(webhookCertDir, "tls.key"), readFileSync(webhook.key));
  // Client certificates authenticate as CN (user) and O (groups): system:masters bypasses RBAC.
  const admin = issue(dir, "admin", "/O=system:masters/CN=gkc-test-admin", ["basicConstraints=CA:FALSE", "keyUsage=critical,digitalSignature", "extendedKeyUsage=clientAuth"]);
  const sa = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const serviceAccount = { publicKey: join(dir, "sa.pub"), privateKey: join(dir, "sa.key") };
  writeFileSync(serviceAccount.publicKey, sa.publicKey.export({ type: "spki", format: "pem" }));
  writeFileSync(serviceAccount.privateKey, sa.privateKey.export({ type: "pkcs8", format: "pem" }));
  const caFile = join(dir, "ca.crt");
  return {
    ca: readFileSync(caFile, "utf8"),
    caFile,
    apiserver,
    webhookCertDir,
    admin: { ...admin, certPem: readFileSync(admin.cert, "utf8"), keyPem: readFileSync(admin.key, "utf8") },
    serviceAccount,
  };
}
