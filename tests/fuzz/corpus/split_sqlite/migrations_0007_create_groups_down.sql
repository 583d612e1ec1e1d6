DROP TABLE "groups";
