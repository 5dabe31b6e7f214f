-- AlterEnum
BEGIN;
CREATE TYPE "Role_new" AS ENUM ('USER', 'EDITOR', 'ADMIN');
ALTER TABLE "User" ALTER COLUMN "role" DROP DEFAULT;
ALTER TABLE "User" ALTER COLUMN "role" TYPE "Role_new" USING ("role"::text::"Role_new");
ALTER TYPE "Role" RENAME TO "Role_old";
ALTER TYPE "Role_new" RENAME TO "Role";
DROP TYPE "Role_old";
ALTER TABLE "User" ALTER COLUMN "role" SET DEFAULT 'USER';
COMMIT;

-- AlterTable
ALTER TABLE "User" ALTER COLUMN "name" SET DATA TYPE VARCHAR(100),
ADD COLUMN     "age" INTEGER NOT NULL DEFAULT 0;

-- DropIndex
DROP INDEX "User_email_key";

-- CreateIndex
CREATE UNIQUE INDEX "User_email_role_key" ON "User"("email", "role");

-- RenameForeignKey / Index
ALTER TABLE "Post" RENAME CONSTRAINT "Post_authorId_fkey" TO "Post_author_fkey";
ALTER INDEX "_CategoryToPost_B_index" RENAME TO "_CategoryToPost_B_idx";
ALTER TABLE "Post" ALTER COLUMN "title" SET DATA TYPE TEXT;
ALTER TABLE "Post" ADD COLUMN "slug" TEXT;
UPDATE "Post" SET "slug" = lower("title");
ALTER TABLE "Post" ALTER COLUMN "slug" SET NOT NULL;
CREATE UNIQUE INDEX "Post_slug_key" ON "Post"("slug");
