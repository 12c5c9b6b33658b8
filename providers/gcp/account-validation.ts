import { missing } from "../../components/parsed";
import type { CloudRules } from "../rules";
import { projectIdStem, RESTRICTED_PROJECT_ID_WORDS } from "./account-per-project-names";

/**
 * billing.accountPerProject on GCP: what the customer project's new project is created with
 * (providers/gcp/account-per-project.ts). Loads no SDK.
 */
export const gcpAccountRules: CloudRules = (args, add) => {
    const { billing, gcp, customer, project, environment } = args;
    // A gcp block that failed its schema has been reported already.
    if (!billing?.accountPerProject || !gcp) {
        return;
    }
    if (missing(gcp, "billingAccount")) {
        add(["gcp", "billingAccount"], undefined, "is required when billing.accountPerProject is on: the Cloud Billing account the new project is billed to, XXXXXX-XXXXXX-XXXXXX "
            + "(gcloud billing accounts list); the deployer needs Billing Account User on it");
    }
    if (missing(gcp, "folderId") && missing(gcp, "organizationId")) {
        add(["gcp", "folderId"], undefined, "or anycloud:gcp.organizationId is required when billing.accountPerProject is on: where the new project is created, a folder (digits, "
            + "gcloud resource-manager folders list --organization <id>) or else the top of the organization (digits, gcloud organizations list); the deployer needs Project Creator there");
    }
    if (customer && project && environment) {
        const stem = projectIdStem(`${customer}-${project}-${environment}`);
        const word = RESTRICTED_PROJECT_ID_WORDS.find((w) => stem.includes(w));
        if (word) {
            const key = customer.includes(word) ? "customer" : "project";
            add([key], args[key], `contains "${word}", which GCP refuses in a project id (restricted: ${RESTRICTED_PROJECT_ID_WORDS.join(", ")}), and billing.accountPerProject names the new project ${stem}-<4 hex digits>`);
        }
    }
};
