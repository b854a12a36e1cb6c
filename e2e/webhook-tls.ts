// The certificate of the webhooks spec's local receiver. A production server (as the e2e one runs)
// sends webhooks over https only, so the receiver speaks TLS and the server trusts this certificate
// through NODE_EXTRA_CA_CERTS (playwright.config.ts). Made once per machine and reused: the config is
// loaded by every Playwright process, and they must all agree on the file the server trusts.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const dir = path.join(os.tmpdir(), "herald-e2e-webhook-tls");
export const webhookTlsCertPath = path.join(dir, "cert.pem");
const keyPath = path.join(dir, "key.pem");

/** Creates the key and self-signed certificate for 127.0.0.1 unless they exist; returns the cert's path. */
export function ensureWebhookTls(): string {
  if (existsSync(webhookTlsCertPath) && existsSync(keyPath)) return webhookTlsCertPath;
  mkdirSync(dir, { recursive: true });
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-days",
      "3650",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
      "-keyout",
      keyPath,
      "-out",
      webhookTlsCertPath,
    ],
    { stdio: "ignore" },
  );
  return webhookTlsCertPath;
}

export function webhookTls(): { key: Buffer; cert: Buffer } {
  ensureWebhookTls();
  return { key: readFileSync(keyPath), cert: readFileSync(webhookTlsCertPath) };
}
