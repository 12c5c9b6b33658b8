/**
 * Zones of each GCP region (the same names in every project, unlike AWS zone names). Most
 * regions have a, b and c; these differ (Compute Engine docs, "Regions and zones").
 */
const ZONE_LETTERS: Record<string, string[]> = {
    "us-central1": ["a", "b", "c", "f"],
    "us-east1": ["b", "c", "d"],
    "europe-west1": ["b", "c", "d"],
};

export function zonesOf(region: string): string[] {
    return (ZONE_LETTERS[region] ?? ["a", "b", "c"]).map((letter) => `${region}-${letter}`);
}

export type LocationMode = "regional" | "zonal";

/**
 * Where the GKE cluster runs: regional outside dev (validation refuses zonal there), zonal in
 * dev unless anycloud:gcp.clusterLocation says otherwise. Plain settings, so validation and the
 * adapter decide alike.
 */
export function locationMode(settings: { environment?: string; gcp?: { clusterLocation?: LocationMode } }): LocationMode {
    return settings.gcp?.clusterLocation ?? (settings.environment === "dev" ? "zonal" : "regional");
}
