/// <reference types="vite/client" />

interface ImportMetaEnv {
  readonly VITE_HERALD_URL?: string;
  readonly VITE_HERALD_TOKEN?: string;
}
