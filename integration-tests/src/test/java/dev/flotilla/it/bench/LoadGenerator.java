package dev.flotilla.it.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

/**
 * An HTTP load generator with a fixed number of keep-alive connections ("concurrent clients") to one server
 * on 127.0.0.1, on Vert.x's event loop so that it costs little CPU beside the server it measures.
 *
 * <p>At a fixed rate, request {@code k} is due at {@code start + k / rate}; its latency is measured from that
 * due time, not from when a connection was free to send it. A server that stalls therefore shows its stall in
 * the latency of every request that should have gone out meanwhile (no coordinated omission). If the backlog of
 * due-but-unanswered requests exceeds one second's worth, the rate is not sustainable: the run stops there and
 * says so. At max rate, every connection sends its next request as soon as the previous answer is in.
 */
final class LoadGenerator implements AutoCloseable {

    /** One request: method, path and query, optional JSON body, the status that counts as success. */
    record Request(HttpMethod method, String uri, Buffer body, int expectedStatus) {

        static Request get(String uri) {
            return new Request(HttpMethod.GET, uri, null, 200);
        }

        static Request post(String uri, String json) {
            return new Request(HttpMethod.POST, uri, Buffer.buffer(json), 201);
        }
    }

    /**
     * The outcome of one measured run.
     *
     * @param targetRate requests per second asked for; 0 for max rate
     * @param completed  answered requests due (fixed rate) or sent (max rate) within the measured window
     * @param errors     requests that failed or got an unexpected status (anywhere in the run)
     * @param throughput completed requests per second of the measured window
     * @param latencyMicros latency histogram in microseconds
     * @param sustained  false when the backlog grew past one second's worth and the run was cut short
     * @param firstError the first error seen, for the report
     */
    record Result(double targetRate, long completed, long errors, double throughput, Histogram latencyMicros,
                  boolean sustained, String firstError) {

        double p50Millis() {
            return latencyMicros.getValueAtPercentile(50) / 1000.0;
        }

        double p99Millis() {
            return latencyMicros.getValueAtPercentile(99) / 1000.0;
        }

        double maxMillis() {
            return latencyMicros.getMaxValue() / 1000.0;
        }
    }

    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient client;
    private final Context context;
    private final int port;
    private final int connections;

    /**
     * @param vertx       the Vert.x instance whose event loop runs the client
     * @param port        the server's port on 127.0.0.1
     * @param connections how many keep-alive connections (concurrent clients) to use at most
     */
    LoadGenerator(Vertx vertx, int port, int connections) {
        this.port = port;
        this.connections = connections;
        HttpClientOptions options = new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setKeepAlive(true)
                .setPipelining(false)
                .setTcpNoDelay(true)
                .setConnectTimeout(5_000);
        this.client = vertx.createHttpClient(options,
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
        this.context = vertx.getOrCreateContext();
    }

    /** Sends {@code requests.apply(k)} at {@code rate} per second: {@code warmup} unrecorded, then {@code measure}. */
    Result fixedRate(LongFunction<Request> requests, double rate, Duration warmup, Duration measure) {
        Recorder recorder = new Recorder(3);
        AtomicLong completed = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong outstanding = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        AtomicLong lastAnswer = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        long backlogLimit = Math.max((long) rate, 2L * connections);

        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + measure.toNanos();
        boolean sustained = true;
        for (long k = 0; ; k++) {
            long due = start + (long) (k * 1e9 / rate);
            if (due >= end) {
                break;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (outstanding.get() > backlogLimit) {
                sustained = false;
                end = due; // the measured window ends where the rate broke down
                break;
            }
            boolean measured = due >= measureFrom;
            Request request = requests.apply(k);
            outstanding.incrementAndGet();
            context.runOnContext(v -> send(request).onComplete(ar -> {
                long now = System.nanoTime();
                long latencyNanos = now - due;
                outstanding.decrementAndGet();
                if (ar.succeeded() && ar.result() == null) {
                    answered.incrementAndGet();
                    lastAnswer.accumulateAndGet(now, Math::max);
                    if (measured) {
                        recorder.recordValue(Math.max(1, latencyNanos / 1_000));
                        completed.incrementAndGet();
                    }
                } else {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, ar.succeeded() ? ar.result() : String.valueOf(ar.cause()));
                }
            }));
        }
        drain(outstanding);
        // Sustained: what was answered of what fell due in the measured window. Not sustained: what the server
        // managed while the backlog grew, i.e. its capacity for this request (the latencies mean little then).
        double throughput = sustained
                ? completed.get() / ((end - measureFrom) / 1e9)
                : answered.get() / (Math.max(1, lastAnswer.get() - start) / 1e9);
        return new Result(rate, completed.get(), errors.get(), throughput, recorder.getIntervalHistogram(),
                sustained, firstError.get());
    }

    /** Keeps every connection busy: {@code warmup} unrecorded, then {@code measure}. */
    Result maxRate(LongFunction<Request> requests, Duration warmup, Duration measure) {
        Recorder recorder = new Recorder(3);
        AtomicLong completed = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong outstanding = new AtomicLong();
        AtomicLong next = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + measure.toNanos();
        for (int c = 0; c < connections; c++) {
            outstanding.incrementAndGet();
            context.runOnContext(v -> chain(requests, next, recorder, completed, errors, outstanding, firstError,
                    measureFrom, end));
        }
        drain(outstanding);
        return new Result(0, completed.get(), errors.get(), completed.get() / (measure.toNanos() / 1e9),
                recorder.getIntervalHistogram(), true, firstError.get());
    }

    private void chain(LongFunction<Request> requests, AtomicLong next, Recorder recorder, AtomicLong completed,
            AtomicLong errors, AtomicLong outstanding, AtomicReference<String> firstError, long measureFrom,
            long end) {
        long sent = System.nanoTime();
        if (sent >= end) {
            outstanding.decrementAndGet();
            return;
        }
        send(requests.apply(next.getAndIncrement())).onComplete(ar -> {
            long now = System.nanoTime();
            if (ar.succeeded() && ar.result() == null) {
                if (sent >= measureFrom && now <= end) {
                    recorder.recordValue(Math.max(1, (now - sent) / 1_000));
                    completed.incrementAndGet();
                }
            } else {
                errors.incrementAndGet();
                firstError.compareAndSet(null, ar.succeeded() ? ar.result() : String.valueOf(ar.cause()));
            }
            chain(requests, next, recorder, completed, errors, outstanding, firstError, measureFrom, end);
        });
    }

    /**
     * Sends requests {@code 0 … count-1} over all connections as fast as they are answered and returns once
     * every one is answered; {@code acknowledged} hears the index of each that got the expected status.
     *
     * @return how many failed or got another status
     */
    long sendAll(LongFunction<Request> requests, long count, java.util.function.LongConsumer acknowledged) {
        AtomicLong next = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong outstanding = new AtomicLong(connections);
        for (int c = 0; c < connections; c++) {
            context.runOnContext(v -> sendNext(requests, count, next, failed, outstanding, acknowledged));
        }
        drain(outstanding);
        return failed.get();
    }

    private void sendNext(LongFunction<Request> requests, long count, AtomicLong next, AtomicLong failed,
            AtomicLong outstanding, java.util.function.LongConsumer acknowledged) {
        long k = next.getAndIncrement();
        if (k >= count) {
            outstanding.decrementAndGet();
            return;
        }
        send(requests.apply(k)).onComplete(ar -> {
            if (ar.succeeded() && ar.result() == null) {
                acknowledged.accept(k);
            } else {
                failed.incrementAndGet();
            }
            sendNext(requests, count, next, failed, outstanding, acknowledged);
        });
    }

    /** Sends one request and reads the whole answer; completes with null on the expected status, else why not. */
    Future<String> send(Request request) {
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setHost("127.0.0.1")
                .setPort(port)
                .setURI(request.uri())
                .putHeader("Accept", "application/json");
        if (request.body() != null) {
            options.putHeader("Content-Type", "application/json");
        }
        return client.request(options)
                .compose(r -> request.body() == null ? r.send() : r.send(request.body()))
                .compose(response -> response.body().map(body -> response.statusCode() == request.expectedStatus()
                        ? null
                        : "HTTP " + response.statusCode() + " " + request.method() + " " + request.uri() + ": "
                        + body.toString().substring(0, Math.min(300, body.length()))));
    }

    /** Sends one request and waits for its body; for setup, not measured. */
    Buffer fetch(Request request) {
        RequestOptions options = new RequestOptions().setMethod(request.method()).setHost("127.0.0.1")
                .setPort(port).setURI(request.uri()).putHeader("Accept", "application/json");
        if (request.body() != null) {
            options.putHeader("Content-Type", "application/json");
        }
        try {
            return client.request(options)
                    .compose(r -> request.body() == null ? r.send() : r.send(request.body()))
                    .compose(response -> response.body().compose(body -> response.statusCode()
                            == request.expectedStatus() ? Future.succeededFuture(body)
                            : Future.failedFuture("HTTP " + response.statusCode() + " " + request.uri() + ": " + body)))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
        }
    }

    private static void drain(AtomicLong outstanding) {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (outstanding.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        if (outstanding.get() > 0) {
            throw new IllegalStateException(outstanding.get() + " requests still unanswered after "
                    + DRAIN_TIMEOUT.toSeconds() + " s");
        }
    }

    @Override
    public void close() {
        client.close().toCompletionStage().toCompletableFuture().join();
    }
}
