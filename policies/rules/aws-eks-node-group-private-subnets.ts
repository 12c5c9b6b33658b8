import { CheckedResource, defineRule, fail, notApplicable, PASS, StackView, valueAt } from "../rule";
import { NODE_GROUP } from "./aws-eks-node-group-remote-access";
import { subnetsOf } from "./aws-eks-node-group-multi-zone";

const ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";
const ROUTE = "aws:ec2/route:Route";
const ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation";
const INTERNET_GATEWAY = "aws:ec2/internetGateway:InternetGateway";
const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";

const from = (r: CheckedResource, input: string) => r.propertyDependencies[input] ?? [];

/** Whether a route (inline or a Route resource) sends traffic to an internet gateway. */
function toInternetGateway(route: unknown, wiredFrom: string[], stack: StackView): boolean {
    const gateway = valueAt(route, "gatewayId");
    return (typeof gateway === "string" && gateway.startsWith("igw-"))
        || wiredFrom.some((urn) => stack.byUrn(urn)?.type === INTERNET_GATEWAY);
}

/** Why a subnet is public, or undefined: it maps public IPs, or its route table leads to an internet gateway. */
function publicBecause(subnet: CheckedResource, stack: StackView): string | undefined {
    if (valueAt(subnet.props, "mapPublicIpOnLaunch") === true) {
        return `${subnet.name} gives instances public IPs (mapPublicIpOnLaunch)`;
    }
    const tables = stack.ofType(ASSOCIATION)
        .filter((a) => from(a, "subnetId").includes(subnet.urn))
        .flatMap((a) => from(a, "routeTableId").map((urn) => stack.byUrn(urn)))
        .filter((t): t is CheckedResource => t?.type === ROUTE_TABLE);
    for (const table of tables) {
        const inline = valueAt(table.props, "routes");
        const viaInline = (Array.isArray(inline) ? inline : []).some((route) => toInternetGateway(route, [], stack))
            || from(table, "routes").some((urn) => stack.byUrn(urn)?.type === INTERNET_GATEWAY);
        const viaRoutes = stack.ofType(ROUTE).some((route) => from(route, "routeTableId").includes(table.urn) && toInternetGateway(route.props, from(route, "gatewayId"), stack));
        if (viaInline || viaRoutes) {
            return `${subnet.name} routes to an internet gateway (${table.name})`;
        }
    }
    return undefined;
}

export const rule = defineRule({
    id: "aws-eks-node-group-private-subnets",
    description: "Managed node groups run only in private subnets (no public IPs on launch, no route to an internet gateway), and their launch template asks for no public address.",
    severity: "high",
    cloud: "aws",
    references: { cis: ["CIS EKS 1.8.0 5.4.3"] },
    remediation: "anycloud places nodes in the private subnets, which reach the internet through NAT (anycloud:network.natGateways). "
        + "A fork must not pass public subnets as a node group's subnetIds, nor set associatePublicIpAddress in the node launch template.",
    resourceTypes: [NODE_GROUP],
    check: (resource, stack) => {
        const template = from(resource, "launchTemplate").map((urn) => stack.byUrn(urn)).find((r) => r?.type === LAUNCH_TEMPLATE);
        const interfaces = template ? valueAt(template.props, "networkInterfaces") : undefined;
        if (Array.isArray(interfaces) && interfaces.some((nic) => ["true", true].includes(valueAt(nic, "associatePublicIpAddress") as string | boolean))) {
            return fail(`the launch template ${template!.name} gives nodes a public IP (networkInterfaces associatePublicIpAddress)`);
        }
        const subnets = subnetsOf(resource, stack);
        if (subnets.length === 0) {
            return notApplicable("the node group's subnets are not managed in this stack, so whether they are public cannot be seen");
        }
        const reasons = subnets.map((subnet) => publicBecause(subnet, stack)).filter((why): why is string => why !== undefined);
        return reasons.length > 0 ? fail(`public subnets: ${reasons.join("; ")}`) : PASS;
    },
});
