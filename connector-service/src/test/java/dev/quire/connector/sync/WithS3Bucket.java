package dev.quire.connector.sync;

import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A test class with its own s3proxy and bucket: started before the class's tests, closed after them. */
abstract class WithS3Bucket {
    static S3Fixture fixture;

    @BeforeAll
    static void startS3() throws Exception {
        fixture = S3Fixture.start("bucket-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @AfterAll
    static void stopS3() {
        if (fixture != null) {
            fixture.close();
        }
    }
}
