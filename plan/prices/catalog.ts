import { AWS_PRICES } from "./aws";
import { AZURE_PRICES } from "./azure";
import { GCP_PRICES } from "./gcp";
import { PriceRow } from "./types";

export { ANY_REGION } from "./types";
export type { PriceRow } from "./types";
export { PRICE_SOURCES } from "./sources";
export type { PriceSource } from "./sources";

/** The price catalog shipped with the package: on-demand list prices in USD (docs/cost-model.md). */
export const PRICE_CATALOG: readonly PriceRow[] = [...AWS_PRICES, ...AZURE_PRICES, ...GCP_PRICES];
