import { strict as assert } from "assert";
import { format, overlaps, parseCidr, Ipv4Range } from "../../components/cidr";
import { layoutSubnets } from "../../components/subnet-layout";

const range = (text: string) => parseCidr(text) as Ipv4Range;

describe("subnet layout", () => {
    it("gives each zone one subnet per tier, all inside the network and none overlapping", () => {
        for (const zones of [2, 3, 6]) {
            const layout = layoutSubnets(range("10.20.0.0/16"), zones);
            const all = [...layout.public, ...layout.private, ...layout.data].map(range);
            assert.equal(layout.public.length, zones);
            assert.equal(layout.private.length, zones);
            assert.equal(layout.data.length, zones);
            all.forEach((a, i) => {
                assert.ok(overlaps(a, range("10.20.0.0/16")) && a.prefix >= 16, `${format(a)} outside the network`);
                all.slice(i + 1).forEach((b) => assert.ok(!overlaps(a, b), `${format(a)} overlaps ${format(b)}`));
            });
        }
    });

    it("sizes a /16 as private /20, public and data /21 per zone", () => {
        const layout = layoutSubnets(range("10.0.0.0/16"), 3);
        assert.deepEqual(layout.private, ["10.0.0.0/20", "10.0.16.0/20", "10.0.32.0/20"]);
        assert.deepEqual(layout.public, ["10.0.128.0/21", "10.0.136.0/21", "10.0.144.0/21"]);
        assert.deepEqual(layout.data, ["10.0.192.0/21", "10.0.200.0/21", "10.0.208.0/21"]);
    });

    it("keeps existing subnets where they are when a zone is added", () => {
        const two = layoutSubnets(range("10.0.0.0/16"), 2);
        const three = layoutSubnets(range("10.0.0.0/16"), 3);
        for (const tier of ["public", "private", "data"] as const) {
            assert.deepEqual(three[tier].slice(0, 2), two[tier]);
        }
    });
});
