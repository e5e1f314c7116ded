-- AlterTable
ALTER TABLE "stage" ADD COLUMN     "requires_amount_and_close_date" BOOLEAN NOT NULL DEFAULT false;
