import { Account } from "@pulumi/aws/organizations/account";
import { Provider } from "@pulumi/aws/provider";
import * as pulumi from "@pulumi/pulumi";
import { componentTags, PlatformContext } from "../../components/context";
import { REPLACEMENT_INPUTS } from "./replacement-inputs";

/**
 * The role AWS Organizations creates in a new member account (CreateAccount's RoleName; its
 * default, named explicitly): administrator in the account, trusted by the management account.
 * The platform's provider assumes it, so it is also the principal that creates the EKS cluster.
 */
export const ACCOUNT_ACCESS_ROLE = "OrganizationAccountAccessRole";

/**
 * Replacing an account would make a second one, so the inputs that replace it
 * (replacement-inputs.ts) are never applied after creation: a changed e-mail or name is changed
 * in AWS (the Account Management API or the console), not by a deploy.
 */
export const ACCOUNT_IGNORED_CHANGES = REPLACEMENT_INPUTS["aws:organizations/account:Account"].inputs;

/**
 * How long after joining the organization a new account is given before the platform's provider
 * assumes its role. CreateAccount reports SUCCEEDED before IAM and EC2 of the account are usable:
 * AssumeRole is denied for a while (IAM is eventually consistent), and early EC2 and VPC calls fail
 * (hashicorp/terraform-provider-aws#15654 reports up to 7 minutes). Only a just-created account
 * waits; a deploy after that does not.
 */
export const NEW_ACCOUNT_SETTLE_MS = 10 * 60 * 1000;

/** Milliseconds still to wait for an account that joined at `joinedTimestamp` (RFC 3339), 0 once settled or unknown. */
export function settleDelayMs(joinedTimestamp: string | undefined, now: number): number {
    const joined = joinedTimestamp ? Date.parse(joinedTimestamp) : NaN;
    return Number.isNaN(joined) ? 0 : Math.max(0, joined + NEW_ACCOUNT_SETTLE_MS - now);
}

/** The IAM role ARN of `role` in `accountId`, in the partition of the account's own ARN (aws, aws-cn, aws-us-gov). */
export function accountRoleArn(accountArn: string, accountId: string, role: string): string {
    const partition = accountArn.split(":")[1] || "aws";
    return `arn:${partition}:iam::${accountId}:role/${role}`;
}

export interface ProjectAccount {
    account: Account;
    /** The role the platform's provider assumes: resolves once the account is usable. */
    accessRoleArn: pulumi.Output<string>;
}

/**
 * The customer project's own AWS account (billing.accountPerProject), created through the
 * organization's management account: with the AWS provider given to the Platform, or else with
 * the deployer's ambient credentials, which then must be the management account's (or a delegated
 * administrator's) and may assume ACCOUNT_ACCESS_ROLE in the accounts they create.
 *
 * The account is never closed by anycloud: `closeOnDeletion` stays false and it is protected, so
 * neither a config change nor `pulumi destroy` removes it. Were the protection lifted, deleting
 * the resource would only remove the account from the organization (RemoveAccountFromOrganization),
 * which AWS refuses for an account without its own payment method; closing it is the management
 * account's decision, made in AWS.
 */
export function createProjectAccount(name: string, context: PlatformContext, modeChecked: pulumi.Output<void>, opts: pulumi.ComponentResourceOptions): ProjectAccount {
    const parent = opts.parent!;
    const provider = parent.getProvider("aws::organizations/account:Account")
        ?? new Provider(`${name}-aws-organization`, { region: context.region }, opts);
    const account = new Account(`${name}-account`, {
        // Waits for the check: a stack created without its own account never creates one.
        name: modeChecked.apply(() => accountName(context)),
        email: context.aws.accountEmail!,
        parentId: context.aws.organizationalUnitId,
        roleName: ACCOUNT_ACCESS_ROLE,
        // AWS's default, explicit: budgets and cost reports in the account need IAM access to billing.
        iamUserAccessToBilling: "ALLOW",
        closeOnDeletion: false,
        tags: componentTags(context, "billing"),
    }, { parent, provider, protect: true, ignoreChanges: ACCOUNT_IGNORED_CHANGES });

    const accessRoleArn = pulumi.all([account.id, account.arn, account.joinedTimestamp]).apply(async ([id, arn, joined]) => {
        const wait = settleDelayMs(joined, Date.now());
        if (wait > 0) {
            pulumi.log.info(`waiting ${Math.ceil(wait / 1000)} s for the new account ${id} to become usable`, account);
            await new Promise((resolve) => setTimeout(resolve, wait));
        }
        return accountRoleArn(arn, id, ACCOUNT_ACCESS_ROLE);
    });
    return { account, accessRoleArn };
}

/** Organizations takes 1-50 characters; the stem is at most 49 (customer and project 20 each, environment 7). */
export const accountName = (context: PlatformContext) => context.namePrefix.slice(0, 50);
