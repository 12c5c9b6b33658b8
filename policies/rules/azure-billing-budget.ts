import { CheckedResource, defineRule, fail, PASS, StackView, tagsOf, UNKNOWN_VALUE } from "../rule";

const BUDGET = "azure-native:consumption:Budget";
const RESOURCE_GROUP = "azure-native:resources:ResourceGroup";

type Filter = Record<string, unknown>;

const lower = (value: unknown) => String(value ?? "").toLowerCase();

/** Whether one dimension or tag condition of a budget filter admits the resource group. */
function conditionAdmits(condition: Filter, kind: "dimensions" | "tags", group: { name?: string; tags: Record<string, string> }): boolean {
    const values = (Array.isArray(condition.values) ? condition.values : []).map(lower);
    if (kind === "dimensions") {
        // A dimension other than the resource group (a meter, a location) narrows the budget without excluding the group.
        return !["resourcegroupname", "resourcegroup"].includes(lower(condition.name)) || (group.name !== undefined && values.includes(group.name.toLowerCase()));
    }
    const tag = Object.entries(group.tags).find(([key]) => key.toLowerCase() === lower(condition.name));
    return tag !== undefined && values.includes(tag[1].toLowerCase());
}

/** Whether a budget's filter admits the resource group: every dimension and tag condition of it does. */
function filterAdmits(filter: Filter | undefined, group: { name?: string; tags: Record<string, string> }): boolean {
    if (!filter || Object.keys(filter).length === 0) {
        return true;
    }
    const parts: [Filter, "dimensions" | "tags"][] = [];
    for (const clause of [filter, ...(Array.isArray(filter.and) ? filter.and as Filter[] : [])]) {
        if (clause.dimensions && typeof clause.dimensions === "object") {
            parts.push([clause.dimensions as Filter, "dimensions"]);
        }
        if (clause.tags && typeof clause.tags === "object") {
            parts.push([clause.tags as Filter, "tags"]);
        }
    }
    return parts.every(([condition, kind]) => conditionAdmits(condition, kind, group));
}

/** Whether the budget counts the resource group's spend. */
function covers(budget: CheckedResource, group: CheckedResource): boolean {
    const name = typeof group.props.resourceGroupName === "string" ? group.props.resourceGroupName : undefined;
    // scope is an input only; a deployed budget's id starts with it (…/providers/Microsoft.Consumption/budgets/<name>).
    const scope = lower(budget.props.scope ?? lower(budget.props.id).split("/providers/microsoft.consumption/")[0]);
    if (scope.includes("/resourcegroups/")) {
        return (budget.propertyDependencies.scope ?? []).includes(group.urn) || (name !== undefined && scope.endsWith(`/resourcegroups/${name.toLowerCase()}`));
    }
    // A filter built from the group's own outputs (its name, while unknown before the deployment) is about it: the API's only operator is In.
    if ((budget.propertyDependencies.filter ?? []).includes(group.urn)) {
        return true;
    }
    const filter = budget.props.filter;
    if (filter === UNKNOWN_VALUE) {
        return false;
    }
    return filterAdmits(filter as Filter | undefined, { name, tags: tagsOf(group) });
}

/** Why a budget alerts nobody, or undefined. */
function silent(budget: CheckedResource): string | undefined {
    const amount = budget.props.amount;
    if (typeof amount === "number" && amount <= 0) {
        return `its amount is ${amount}`;
    }
    const notifications = budget.props.notifications && typeof budget.props.notifications === "object" ? Object.values(budget.props.notifications as Record<string, Filter>) : [];
    const reaching = notifications.filter((n) => n.enabled !== false
        && ["contactEmails", "contactGroups", "contactRoles"].some((key) => Array.isArray(n[key]) && (n[key] as unknown[]).length > 0));
    return reaching.length === 0 ? "none of its notifications is enabled with a contact (e-mails, action groups or roles)" : undefined;
}

function checkGroup(group: CheckedResource, stack: StackView) {
    const budgets = stack.ofType(BUDGET).filter((budget) => covers(budget, group));
    if (budgets.length === 0) {
        return fail(`no budget counts the spend of resource group ${String(group.props.resourceGroupName ?? group.name)}`);
    }
    return budgets.some((budget) => silent(budget) === undefined) ? PASS : fail(`the budget covering it alerts nobody: ${silent(budgets[0])}`);
}

export const rule = defineRule({
    id: "azure-billing-budget",
    description: "Every resource group of the platform is counted by a cost budget with at least one enabled notification to a contact, so overspending is noticed within the month.",
    severity: "medium",
    cloud: "azure",
    references: {},
    remediation: "Set anycloud:billing.monthlyBudget and billing.alertEmails: anycloud creates a consumption.Budget over the platform's resource groups "
        + "(providers/azure/billing.ts, docs/azure.md \"Budgets and alarms\").",
    resourceTypes: [RESOURCE_GROUP, BUDGET],
    check(resource, stack) {
        if (resource.type === BUDGET) {
            const why = silent(resource);
            return why === undefined ? PASS : fail(`the budget alerts nobody: ${why}`);
        }
        return checkGroup(resource, stack);
    },
});
