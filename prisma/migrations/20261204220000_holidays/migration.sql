-- AlterTable
ALTER TABLE "workspace" ADD COLUMN     "holiday_preset" TEXT,
ADD COLUMN     "holidays" DATE[] DEFAULT ARRAY[]::DATE[];
