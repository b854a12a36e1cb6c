// A Google service account key file, as an fcm integration stores it. Browser-safe: the console
// validates with the same schema.

/** The fields of a Google service account key file Herald uses. */
export type ServiceAccount = {
  client_email: string;
  private_key: string;
  private_key_id?: string;
  project_id?: string;
};

/** The service account key file's JSON when it is one, else why not. */
export function parseServiceAccount(json: string): ServiceAccount | string {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return "must be the service account key file's JSON";
  }
  const v = value as Partial<Record<keyof ServiceAccount | "type", unknown>> | null;
  if (!v || typeof v !== "object" || v.type !== "service_account")
    return 'must be a service account key file (its "type" is "service_account")';
  if (typeof v.client_email !== "string" || !v.client_email.includes("@")) return "has no client_email";
  if (typeof v.private_key !== "string" || !v.private_key.includes("BEGIN PRIVATE KEY"))
    return "has no private_key in PEM form";
  return {
    client_email: v.client_email,
    private_key: v.private_key,
    private_key_id: typeof v.private_key_id === "string" ? v.private_key_id : undefined,
    project_id: typeof v.project_id === "string" ? v.project_id : undefined,
  };
}
