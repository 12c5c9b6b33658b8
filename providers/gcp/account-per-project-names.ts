import { fitName } from "./network-names";

/**
 * Names of the customer project's own GCP project (billing.accountPerProject), without the SDK,
 * so validation can check them. Resource Manager docs, "Creating and managing projects": ids are
 * 6-30 lowercase letters, digits and hyphens, from a letter, not ending in a hyphen, never used
 * before (a deleted project's id stays taken), and free of restricted strings; display names are
 * 4-30 letters, digits, hyphens, spaces, quotes and exclamation marks.
 */
export const PROJECT_ID_MAX = 30;
export const PROJECT_NAME_MAX = 30;
export const RESTRICTED_PROJECT_ID_WORDS = ["google", "null", "undefined", "ssl"];
/** Two random bytes: four hex digits after the stem. */
export const PROJECT_SUFFIX_BYTES = 2;

/** The id's stem: the platform's, shortened with a hash to leave room for the suffix. */
export const projectIdStem = (namePrefix: string) => fitName(namePrefix, PROJECT_ID_MAX - 1 - 2 * PROJECT_SUFFIX_BYTES);

/**
 * `<stem>-<hex>`. Project ids are global, so the stem alone could be taken (by another
 * organisation with the same customer and project names, or by this stack's own earlier project):
 * a random suffix, kept in the state.
 */
export const projectIdOf = (namePrefix: string, hex: string) => `${projectIdStem(namePrefix)}-${hex}`;

export const projectDisplayName = (namePrefix: string) => fitName(namePrefix, PROJECT_NAME_MAX);
