// Types for http_ece (RFC 8188 encrypted content-encoding), which ships none: only what the push stub uses.
declare module "http_ece" {
  type Params = {
    version?: "aes128gcm" | "aesgcm" | "aesgcm128";
    key?: string | Buffer;
    keyid?: string | Buffer;
    privateKey?: import("node:crypto").ECDH;
    dh?: string | Buffer;
    authSecret?: string | Buffer;
    salt?: string | Buffer;
    rs?: number;
  };
  const ece: {
    decrypt(buffer: Buffer, params: Params): Buffer;
    encrypt(buffer: Buffer, params: Params): Buffer;
  };
  export = ece;
}
