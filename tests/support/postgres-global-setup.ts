// The PostgreSQL pass's global teardown: test servers keep their database after close (a restart test
// opens it again), so every test database is dropped once the whole pass is over.
import { dropAllTestDatabases } from "./test-database";

export default function setup() {
  return async () => {
    await dropAllTestDatabases();
  };
}
