import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "bin/"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "no-restricted-imports": ["error", {
        patterns: [{
          regex: "^@pulumi/(aws|azure-native|gcp|kubernetes|random|tls)$",
          message: "Import a provider submodule (e.g. @pulumi/aws/ec2): the package root costs ~3x type-check time and memory.",
        }],
      }],
    },
  },
);
