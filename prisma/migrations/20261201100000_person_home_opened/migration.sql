-- AlterTable
ALTER TABLE "person" ADD COLUMN     "home_opened_at" TIMESTAMPTZ(3);
