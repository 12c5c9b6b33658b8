import { missing } from "../../components/parsed";
import type { CloudRules } from "../rules";

/** AWS Organizations takes a root e-mail address of 6-64 characters (CreateAccount). */
export const ACCOUNT_EMAIL_MAX = 64;

/**
 * billing.accountPerProject on AWS: what the customer project's new account is created with
 * (providers/aws/account-per-project.ts). Loads no SDK.
 */
export const awsAccountRules: CloudRules = (args, add) => {
    const { billing, aws } = args;
    // An aws block that failed its schema has been reported already.
    if (!billing?.accountPerProject || !aws) {
        return;
    }
    if (missing(aws, "accountEmail")) {
        add(["aws", "accountEmail"], undefined, "is required when billing.accountPerProject is on: the e-mail address of the new account's root user, not used by any other AWS account "
            + "(a plus address such as aws+acme-transit-dev@example.com works); anycloud:aws.organizationalUnitId (ou-... or r-...) optionally places the account in an organizational unit, else in the organization's root");
    } else if (aws.accountEmail !== undefined && aws.accountEmail.length > ACCOUNT_EMAIL_MAX) {
        add(["aws", "accountEmail"], aws.accountEmail, `is ${aws.accountEmail.length} characters; AWS Organizations takes at most ${ACCOUNT_EMAIL_MAX}`);
    }
};
