ALTER TABLE "labor_persons" DROP CONSTRAINT "labor_persons_household_id_labor_households_id_fk";
