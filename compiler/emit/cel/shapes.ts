// The CEL types of values read from the parameters (compiler/parameter-shapes.ts says why they
// have their schema's).
import type { JsonSchema } from "../../schema.js";
import { ANY, T, type Types } from "./values.js";
import { elementShape } from "../../parameter-shapes.js";

export { elementShape, memberShape } from "../../parameter-shapes.js";

/** The JSON types a value of `shape` may have. */
export function shapeTypes(shape: JsonSchema): Types {
  switch (shape.type) {
    case "string":
      return T.string;
    case "number":
    case "integer":
      return T.number;
    case "boolean":
      return T.bool;
    case "array":
      return T.list;
    case "object":
      return T.map;
    default:
      return ANY;
  }
}

/** The types of the elements of a list of `shape` (ANY where unknown). */
export function elementTypes(shape: JsonSchema | undefined): Types {
  const items = elementShape(shape);
  return items ? shapeTypes(items) : ANY;
}
