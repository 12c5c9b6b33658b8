import { missing } from "../../components/parsed";
import type { CloudRules } from "../rules";

/**
 * billing.accountPerProject on Azure: what the customer project's new subscription is created
 * with (providers/azure/account-per-project.ts). anycloud:azure.tenantId, the tenant the
 * subscription is created in, is required on Azure in any case (validation.ts). Loads no SDK.
 */
export const azureAccountRules: CloudRules = (args, add) => {
    const { billing, azure } = args;
    // An azure block that failed its schema has been reported already.
    if (!billing?.accountPerProject || !azure) {
        return;
    }
    if (missing(azure, "billingScope")) {
        add(["azure", "billingScope"], undefined, "is required when billing.accountPerProject is on: the billing scope the new subscription is billed to, "
            + "/providers/Microsoft.Billing/billingAccounts/<account>/enrollmentAccounts/<enrollment account> (Enterprise Agreement) or "
            + "/providers/Microsoft.Billing/billingAccounts/<account>/billingProfiles/<profile>/invoiceSections/<section> (Microsoft Customer Agreement); "
            + "az billing account list shows them, and the deployer needs the subscription creator role on it. The subscription is created in the tenant of anycloud:azure.tenantId");
    }
};
