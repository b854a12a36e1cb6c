"use client";
// Mounts Swagger UI (loaded from Herald's own /docs/assets, never a CDN) on the given document.
import Script from "next/script";
import { useRef } from "react";
import "swagger-ui-dist/swagger-ui.css";

type SwaggerUiBundle = (options: Record<string, unknown>) => unknown;

export function SwaggerUi({ url }: { url: string }) {
  const node = useRef<HTMLDivElement>(null);
  const mount = () => {
    const bundle = (window as unknown as { SwaggerUIBundle?: SwaggerUiBundle }).SwaggerUIBundle;
    if (!bundle || !node.current) return;
    bundle({
      url,
      domNode: node.current,
      deepLinking: true,
      docExpansion: "list",
      defaultModelsExpandDepth: 0,
      // The default posts the document to validator.swagger.io: no network calls from /docs.
      validatorUrl: null,
    });
  };
  return (
    <>
      <Script src="/docs/assets/swagger-ui-bundle.js" strategy="afterInteractive" onReady={mount} />
      <div ref={node} />
    </>
  );
}
