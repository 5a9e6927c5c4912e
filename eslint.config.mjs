import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", "node_modules/**", "lib/generated/**", ".kafka/**", "data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"]),
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "no-empty": ["error", { allowEmptyCatch: false }],
    },
  },
  {
    // lib/ is domain and data access: it is handed its clients and never reaches for process
    // wiring (server/) or the ingest worker (ingest/), so it can be reused by either.
    files: ["lib/**/*.ts", "lib/**/*.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: "^(\\.\\./)+(server|ingest)(/|$)", message: "lib/ must not import server/ or ingest/: take the client as a parameter instead." },
            { regex: "^@/(server|ingest)(/|$)", message: "lib/ must not import server/ or ingest/: take the client as a parameter instead." },
          ],
        },
      ],
    },
  },
]);
