import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import { parseUserCsv } from "./import";

describe("parseUserCsv", () => {
  it("numbers rows as a spreadsheet does, also after a quoted line break", () => {
    const csv = 'id,name\nu1,"Ann\nLee"\nu2,\n,Nobody\n';
    const { rows, valid, errors } = parseUserCsv(csv);
    expect(rows).toBe(3);
    expect(valid).toEqual([{ id: "u1", name: "Ann\nLee" }, { id: "u2" }]);
    expect(errors).toEqual([{ row: 4, field: "id", message: "must not be empty" }]);
  });

  it("reads a BOM, user_id as the id column, any header case, and short rows", () => {
    const { valid, errors } = parseUserCsv("\uFEFFUser_ID,Email,Phone\nu1,ANN@example.com\n");
    expect(errors).toEqual([]);
    expect(valid).toEqual([{ id: "u1", email: "ann@example.com" }]);
  });

  it("reports a row with more cells than the header", () => {
    const { valid, errors } = parseUserCsv("id,name\nu1,Ann,extra\nu2,Ben\n");
    expect(valid.map((v) => v.id)).toEqual(["u2"]);
    expect(errors).toEqual([expect.objectContaining({ row: 2, field: "row" })]);
  });

  it("checks each field with the users API's rules", () => {
    const { errors } = parseUserCsv("id,phone,locale,timezone\nu1,555-1234,not a locale,Nowhere/City\n");
    expect(errors.map((e) => e.field)).toEqual(["phone", "locale", "timezone"]);
    expect(errors.every((e) => e.row === 2)).toBe(true);
  });

  it("refuses the whole file for a missing id column or unknown columns", () => {
    expect(() => parseUserCsv("email\na@example.com\n")).toThrow(DomainError);
    const refusal = (() => {
      try {
        parseUserCsv("id,role\nu1,admin\n");
      } catch (e) {
        return e as DomainError;
      }
    })();
    expect(refusal?.code).toBe("invalid");
    expect(refusal?.errors).toEqual([
      {
        field: "csv",
        message: "has unknown columns: role (allowed: id, email, phone, name, locale, timezone)",
      },
    ]);
    expect(() => parseUserCsv("id\n")).toThrow(/Invalid csv/);
  });
});
