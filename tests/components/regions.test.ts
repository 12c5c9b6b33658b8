import { strict as assert } from "assert";
import { Region } from "@pulumi/aws/types/enums";
import { cloudOfRegion, REGIONS } from "../../components/regions";

describe("regions", () => {
    it("lists only AWS regions the AWS SDK knows", () => {
        const known = new Set<string>(Object.values(Region));
        assert.deepEqual(REGIONS.aws.filter((r) => !known.has(r)), []);
    });

    it("never lists one region name under two clouds", () => {
        for (const region of [...REGIONS.aws, ...REGIONS.azure, ...REGIONS.gcp]) {
            const clouds = (["aws", "azure", "gcp"] as const).filter((c) => REGIONS[c].includes(region));
            assert.deepEqual(clouds, [cloudOfRegion(region)], region);
        }
    });
});
