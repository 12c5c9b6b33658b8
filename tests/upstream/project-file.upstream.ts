import { strict as assert } from "assert";
import Ajv2020 from "ajv/dist/2020";
import { readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { referencePath, REPO_ROOT } from "./reference";

describe("upstream: Pulumi.yaml", () => {
    it("is valid against Pulumi's project-file schema (pulumi-project.schema.json)", () => {
        const project: unknown = parse(readFileSync(join(REPO_ROOT, "Pulumi.yaml"), "utf8"));
        const schema = JSON.parse(readFileSync(referencePath("pulumi-project.schema.json"), "utf8")) as object;
        const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
        assert.ok(validate(project), JSON.stringify(validate.errors, null, 1));
    });
});
