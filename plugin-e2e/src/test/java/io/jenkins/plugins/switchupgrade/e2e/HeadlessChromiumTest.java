package io.jenkins.plugins.switchupgrade.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Credentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The browser the page scenario drives, on a local page of its own: credentials sent, a form used, a screenshot. */
class HeadlessChromiumTest {

    @Test
    void opensAPageWithCredentialsChoosesAnEntryAndTakesAScreenshot(@TempDir Path dir) throws Exception {
        String authorization = Credentials.basic("admin", "secret");
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/page", exchange -> {
            seen.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = (authorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))
                    ? "<html><body><h1>Switch upgrade</h1><select id='steps' onchange=\"document.getElementById('out')"
                    + ".textContent = 'chose ' + this.value\"><option value='a'>pickCandidate</option>"
                    + "<option value='b'>reprovisionSwitch</option></select><p id='out'></p></body></html>"
                    : "<html><body>denied</body></html>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try (HeadlessChromium chromium = HeadlessChromium.start(dir, authorization)) {
            chromium.open("http://127.0.0.1:" + server.getAddress().getPort() + "/page");
            assertTrue(chromium.dom().contains("<h1>Switch upgrade</h1>"), chromium.dom());
            chromium.evaluate("(() => { const s = document.getElementById('steps'); s.value = 'b';"
                    + " s.dispatchEvent(new Event('change')); return 'ok'; })()");
            chromium.awaitTrue("document.getElementById('out').textContent === 'chose b'", Duration.ofSeconds(10));
            Path png = dir.resolve("page.png");
            chromium.screenshot(png);
            assertTrue(Files.size(png) > 1000, "a screenshot with content");
        } finally {
            server.stop(0);
        }
        assertEquals(authorization, seen.get(0), "the credentials went with the request");
    }
}
