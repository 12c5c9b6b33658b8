import { CheckedResource, defineRule, fail, PASS, Verdict } from "../rule";
import { entriesOf, RELEASE, valuesOf } from "./kubernetes-helm-no-privileged-values";
import { containersOf, judgePods, POD_TYPES } from "./kubernetes-pod-no-privileged";

/** Why an image reference is not pinned, or undefined: a digest pins it, a tag other than `latest` names one release. */
export function unpinned(image: string): string | undefined {
    if (image.includes("@sha256:")) {
        return undefined;
    }
    const lastSegment = image.split("/").pop() ?? "";
    const tag = lastSegment.includes(":") ? lastSegment.split(":").pop()! : "";
    if (tag === "") {
        return "has no tag (so `latest`)";
    }
    return tag.toLowerCase() === "latest" ? "uses the `latest` tag" : undefined;
}

function checkRelease(release: CheckedResource): Verdict {
    const problems = entriesOf(valuesOf(release)).flatMap((e) => {
        if (e.key === "tag" && typeof e.value === "string" && e.value.toLowerCase() === "latest") {
            return [`${e.path} is latest`];
        }
        if (e.key === "image" && typeof e.value === "string" && e.value !== "") {
            const why = unpinned(e.value);
            return why ? [`${e.path} (${e.value}) ${why}`] : [];
        }
        return [];
    });
    return problems.length > 0 ? fail(problems.join("; ")) : PASS;
}

export const rule = defineRule({
    id: "kubernetes-pod-image-pinned",
    description: "Every image the package names (in a pod spec or a Helm release's values) is pinned to a version tag or digest, never `latest` or untagged; ECK resources take theirs from `version`.",
    severity: "medium",
    cloud: "kubernetes",
    references: {
        checkov: ["CKV_K8S_14"],
        trivy: ["KSV-0013"],
    },
    remediation: "Name the image with its version tag (docker.elastic.co/elasticsearch/elasticsearch:9.4.3) or digest; in Helm "
        + "values set `image.tag` to a version or leave it empty for the chart's pinned appVersion.",
    resourceTypes: [...POD_TYPES, RELEASE],
    check(resource) {
        if (resource.type === RELEASE) {
            return checkRelease(resource);
        }
        return judgePods(resource, (template) => containersOf(template).flatMap((c) => {
            const image = c.container.image;
            if (typeof image !== "string" || image === "") {
                // Only ECK may leave it out: the operator picks the image of the resource's `version`.
                return template.eck ? [] : [`${c.label} names no image`];
            }
            const why = unpinned(image);
            return why ? [`${c.label} image ${image} ${why}`] : [];
        }));
    },
});
