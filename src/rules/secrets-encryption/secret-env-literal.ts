// Credentials written as literal environment values: the value is in the manifest, in every
// `kubectl get -o yaml` and in the pod spec any reader of the namespace sees.
import { asArray, asObject, asString } from "../../model/json.js";
import { containersOf } from "../../model/containers.js";
import { hasPasswordInUrl, isHarmlessLiteral, isSecretLikeName } from "../../model/secret-literals.js";
import { podSpecPath } from "../../model/workloads.js";
import { defineObjectRule } from "../rule.js";
import { SEED } from "./shared.js";

export default defineObjectRule({
  id: "secret-env-literal",
  practice: "secrets-encryption",
  severity: "warning",
  summary: "Credentials reach containers through Secrets (valueFrom.secretKeyRef), not literal env values",
  docs: {
    seed: SEED,
    why: "An environment variable named like a credential (`DB_PASSWORD`, `API_KEY`, `GITHUB_TOKEN`) with a literal `value:` puts the secret in the manifest and in the workload object itself: it is committed with the code, shown by `kubectl get -o yaml` and `kubectl describe` to anyone who may read Deployments or Pods (a much wider audience than those who may read Secrets), and it is not a Secret, so encryption at rest does not cover it.",
    fix: "Store the value in a Secret (created out of band or from a secret manager) and reference it with `valueFrom.secretKeyRef`, or mount the Secret as a file. Rotate the value, since it has been exposed.",
    before: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  selector:\n    matchLabels: {app: api}\n  template:\n    metadata:\n      labels: {app: api}\n    spec:\n      containers:\n        - name: api\n          image: registry.example.com/api:2.4.1\n          env:\n            - name: DB_PASSWORD\n              value: s3cr3t-in-git\n",
    after: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  selector:\n    matchLabels: {app: api}\n  template:\n    metadata:\n      labels: {app: api}\n    spec:\n      containers:\n        - name: api\n          image: registry.example.com/api:2.4.1\n          env:\n            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef:\n                  name: api-db\n                  key: password\n            - name: DB_PASSWORD_FILE\n              value: /run/secrets/db/password\n",
    notes:
      "A name looks like a credential when one of its words is password, passwd, pass, pwd, secret, token, credential(s), creds, apikey or passphrase, or when it ends in a qualified key (API_KEY, ACCESS_KEY, PRIVATE_KEY, SECRET_KEY, CLIENT_KEY…). Names whose last word says they hold something about the secret rather than the secret are left alone: `*_FILE`, `*_PATH`, `*_NAME`, `*_ID`, `*_URL`, `*_TTL`, `*_TIMEOUT`, `*_LENGTH`, `*_ENABLED`, `*_HEADER`, `*_USER`… Values that are evidently not secrets are not reported: empty, `$(VAR)` references (expanded by the kubelet from other variables), `${VAR}` and `{{ }}` templates, `<placeholders>`, stand-ins named like a credential (`HF_TOKEN`, `SECRET`, `your-password`), booleans, numbers and durations, file paths. A URL with a password in it (`postgres://app:…@db/app`) is reported whatever the variable's name. The value is never printed.",
  },
  check({ podTemplate, report }) {
    if (podTemplate === undefined) return;
    for (const ref of containersOf(podTemplate.spec)) {
      asArray(ref.container.env).forEach((item, index) => {
        const variable = asObject(item);
        const name = asString(variable?.name);
        const value = variable?.value;
        if (variable === undefined || name === undefined || typeof value !== "string" || variable.valueFrom !== undefined) return;
        const byName = isSecretLikeName(name) && !isHarmlessLiteral(value);
        const inUrl = !byName && hasPasswordInUrl(value);
        if (!byName && !inUrl) return;
        report({
          path: podSpecPath(podTemplate, ...ref.path, "env", index, "value"),
          message: inUrl
            ? `Container "${ref.name}" sets ${name} to a URL with a password written in the manifest: move the credential to a Secret and reference it (valueFrom.secretKeyRef)`
            : `Container "${ref.name}" sets ${name} to a literal value written in the manifest: move it to a Secret and reference it (valueFrom.secretKeyRef)`,
          container: ref.name,
        });
      });
    }
  },
});
