package dev.flotilla.it.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Watch fan-out: many open watches ({@code ?watch=true}, chunked HTTP, one connection each) on one collection,
 * then one write at a time; for each write, the time from its acknowledgement (and from its send) until the
 * LAST watcher has the event.
 */
final class WatchFanOut {

    /**
     * @param watchers        open watches
     * @param writes          measured writes
     * @param fromAckMicros   ack → last watcher's receipt, per write (0 when every watcher had it before the ack)
     * @param fromSendMicros  send → last watcher's receipt, per write
     * @param missed          (write, watcher) pairs that never arrived within the wait
     * @param closedEarly     watches the server ended while the test ran
     * @param connectMillis   time to open every watch
     */
    record Result(int watchers, int writes, Histogram fromAckMicros, Histogram fromSendMicros, long missed,
                  int closedEarly, long connectMillis) {
    }

    private static final String NAME_MARK = "\"name\":\"fo-";

    private WatchFanOut() {
    }

    static Result run(Vertx vertx, LoadGenerator writer, int port, String namespace, int watchers, int warmupWrites,
            int measuredWrites, Duration spacing) throws InterruptedException {
        String collection = "/api/v1/namespaces/" + namespace + "/configmaps";
        writer.fetch(LoadGenerator.Request.post("/api/v1/namespaces",
                "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + namespace + "\"}}"));
        String listVersion = new JsonObject(writer.fetch(LoadGenerator.Request.get(collection)))
                .getJsonObject("metadata").getString("resourceVersion");

        int total = warmupWrites + measuredWrites;
        AtomicIntegerArray received = new AtomicIntegerArray(total);
        AtomicLongArray lastArrival = new AtomicLongArray(total);
        AtomicInteger closedEarly = new AtomicInteger();
        AtomicReference<String> failure = new AtomicReference<>();
        CountDownLatch connected = new CountDownLatch(watchers);
        HttpClient client = vertx.createHttpClient(
                new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_1_1).setKeepAlive(true)
                        .setConnectTimeout(10_000),
                new PoolOptions().setHttp1MaxSize(watchers).setMaxWaitQueueSize(-1));
        long connectStart = System.nanoTime();
        String watchUri = collection + "?watch=true&resourceVersion=" + listVersion;
        for (int w = 0; w < watchers; w++) {
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
                    .setPort(port).setURI(watchUri).putHeader("Accept", "application/json");
            client.request(options).compose(r -> r.send()).onComplete(ar -> {
                if (ar.failed() || ar.result().statusCode() != 200) {
                    failure.compareAndSet(null, ar.failed() ? String.valueOf(ar.cause())
                            : "watch answered HTTP " + ar.result().statusCode());
                    connected.countDown();
                    return;
                }
                var response = ar.result();
                RecordParser lines = RecordParser.newDelimited("\n", response);
                lines.handler(line -> onEvent(line, received, lastArrival));
                response.endHandler(v -> closedEarly.incrementAndGet());
                response.exceptionHandler(e -> failure.compareAndSet(null, "watch failed: " + e));
                connected.countDown();
            });
        }
        if (!connected.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + (watchers - connected.getCount()) + " of " + watchers
                    + " watches opened within 120 s");
        }
        if (failure.get() != null) {
            throw new IllegalStateException(failure.get());
        }
        long connectMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connectStart);

        long[] sent = new long[total];
        long[] acked = new long[total];
        long next = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            next += spacing.toNanos();
            sent[i] = System.nanoTime();
            writer.fetch(LoadGenerator.Request.post(collection, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
                    + "\"metadata\":{\"name\":\"fo-" + i + "\"},\"data\":{\"n\":\"" + i + "\"}}"));
            acked[i] = System.nanoTime();
        }
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!allDelivered(received, watchers) && System.nanoTime() < waitUntil) {
            TimeUnit.MILLISECONDS.sleep(20);
        }

        Histogram fromAck = new Histogram(3);
        Histogram fromSend = new Histogram(3);
        long missed = 0;
        for (int i = 0; i < total; i++) {
            missed += watchers - received.get(i);
            if (i < warmupWrites || received.get(i) < watchers) {
                continue;
            }
            fromAck.recordValue(Math.max(0, lastArrival.get(i) - acked[i]) / 1_000);
            fromSend.recordValue(Math.max(0, lastArrival.get(i) - sent[i]) / 1_000);
        }
        int closed = closedEarly.get();
        client.close().toCompletionStage().toCompletableFuture().join();
        return new Result(watchers, measuredWrites, fromAck, fromSend, missed, closed, connectMillis);
    }

    /** Notes the arrival of one event line: which write it is comes from the object's name, fo-N. */
    private static void onEvent(Buffer line, AtomicIntegerArray received, AtomicLongArray lastArrival) {
        long now = System.nanoTime();
        String text = line.toString();
        int at = text.indexOf(NAME_MARK);
        if (at < 0) {
            return; // e.g. a bookmark
        }
        int from = at + NAME_MARK.length();
        int to = from;
        while (to < text.length() && Character.isDigit(text.charAt(to))) {
            to++;
        }
        int i = Integer.parseInt(text, from, to, 10);
        if (i < received.length()) {
            received.incrementAndGet(i);
            lastArrival.accumulateAndGet(i, now, Math::max);
        }
    }

    private static boolean allDelivered(AtomicIntegerArray received, int watchers) {
        for (int i = 0; i < received.length(); i++) {
            if (received.get(i) < watchers) {
                return false;
            }
        }
        return true;
    }
}
