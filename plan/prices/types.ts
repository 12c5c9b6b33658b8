import { Cloud } from "../../components/types";

/**
 * One list price: what `item` costs on `cloud` in `region` ("*" where the source quotes one
 * price for every region), in USD per `unit`. Item keys are ours (docs/cost-model.md lists
 * them); the figures are facts from the named source.
 */
export interface PriceRow {
    cloud: Cloud;
    region: string;
    item: string;
    unit: string;
    usd: number;
    /** An id of PRICE_SOURCES. */
    source: string;
    note?: string;
}

/** Every region of a cloud: the source quotes the price without a regional qualifier. */
export const ANY_REGION = "*";
