import type { Config } from "tailwindcss";

// Tailwind v4 reads this through `@config` in app/globals.css.
export default {
  content: ["./app/**/*.{ts,tsx}", "./components/**/*.{ts,tsx}"],
  theme: {
    extend: {
      colors: {
        brand: { DEFAULT: "#4f46e5", dark: "#3730a3" },
      },
    },
  },
} satisfies Config;
