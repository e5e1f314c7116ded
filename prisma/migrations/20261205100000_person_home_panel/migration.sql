-- AlterTable
ALTER TABLE "person" ADD COLUMN     "home_notice" TEXT,
ADD COLUMN     "home_notice_at" TIMESTAMPTZ(3),
ADD COLUMN     "home_panel" TEXT,
ADD COLUMN     "home_panel_version" INTEGER NOT NULL DEFAULT 0;
