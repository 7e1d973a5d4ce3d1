import type { ObjectMeta } from "kubernetes-types/meta/v1.js";

/** Any Kubernetes object as admission review sees it. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}
