import { given, missing } from "../../components/parsed";
import type { CloudRules } from "../rules";

/** A budget's allUpdatesRule names at most five monitoring notification channels (Budget API). */
export const MAX_NOTIFICATION_CHANNELS = 5;

/** What the Cloud Billing Budget API would refuse for anycloud:billing, checked only when a budget is asked for. */
export const gcpBillingRules: CloudRules = ({ billing, gcp }, add) => {
    // A budget is asked for even when its amount failed its schema: the rules on its siblings still apply.
    if (!billing || !given(billing, "monthlyBudget")) {
        return;
    }
    if (missing(gcp, "billingAccount")) {
        add(["gcp", "billingAccount"], undefined, "is required when billing.monthlyBudget is set: GCP budgets live on the Cloud Billing account (XXXXXX-XXXXXX-XXXXXX, gcloud billing accounts list), which the deployer needs Billing Account Administrator or Billing Account Costs Manager on");
    }
    if (billing.alertEmails && billing.alertEmails.length > MAX_NOTIFICATION_CHANNELS) {
        add(["billing", "alertEmails"], billing.alertEmails, `has ${billing.alertEmails.length} addresses; a GCP budget notifies at most ${MAX_NOTIFICATION_CHANNELS} channels (one per address): use a distribution list`);
    }
};
