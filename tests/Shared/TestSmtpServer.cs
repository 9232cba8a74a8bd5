using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Scari.Testing;

/// <summary>
/// A real SMTP server in the test process (the SmtpServer package) on a free local port: keeps every message it
/// accepts, parsed by MimeKit. <see cref="RefuseAll"/> answers 421 (service unavailable) like a server going down;
/// <see cref="StopAsync"/> and <see cref="StartAsync"/> take the port away and back.
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> _received = new();
    private SmtpServer.SmtpServer? _server;
    private CancellationTokenSource? _stop;
    private Task? _running;

    public int Port { get; } = FreePort();
    public IReadOnlyCollection<MimeMessage> Received => _received.ToArray();
    /// <summary>While true, every message is refused with 421 (the connection stays usable).</summary>
    public volatile bool RefuseAll;
    /// <summary>Recipients refused for good (550), like an address that does not exist.</summary>
    public ConcurrentDictionary<string, bool> RejectedRecipients { get; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Called with the number of messages accepted so far, after each one (e.g. to go down mid-batch).</summary>
    public Action<int>? AfterEach { get; set; }

    public (string Key, string? Value)[] Settings =>
    [
        ("Mail:Delivery", "Smtp"), ("Mail:Host", "127.0.0.1"), ("Mail:Port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("Mail:Tls", "Ninguno"), ("Mail:PollSeconds", "0.2"), ("Mail:RetrySeconds", "0.2"), ("Mail:TimeoutSeconds", "5"),
    ];

    public static async Task<TestSmtpServer> StartNewAsync()
    {
        var server = new TestSmtpServer();
        await server.StartAsync();
        return server;
    }

    public async Task StartAsync()
    {
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        _server = new SmtpServer.SmtpServer(options, services);
        _stop = new CancellationTokenSource();
        _running = _server.StartAsync(_stop.Token);
        // Listening once a client can connect.
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) { await Task.Delay(50); }
        }
        throw new InvalidOperationException("El servidor SMTP de prueba no empezó a escuchar.");
    }

    public async Task StopAsync()
    {
        if (_server is null) return;
        _server.Shutdown();
        await _stop!.CancelAsync();
        try { await _running!; } catch (OperationCanceledException) { }
        _stop.Dispose();
        _server = null;
    }

    /// <summary>Waits until at least <paramref name="count"/> messages arrived (or fails after the timeout).</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(int count, int timeoutSeconds = 60)
    {
        var until = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (_received.Count < count)
        {
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"Se esperaban {count} mensajes y llegaron {_received.Count}.");
            await Task.Delay(50);
        }
        return _received.ToArray();
    }

    public async Task<MimeMessage> WaitForMessageToAsync(string address, int timeoutSeconds = 60)
    {
        var until = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var found = _received.FirstOrDefault(m => m.To.Mailboxes.Any(t => string.Equals(t.Address, address, StringComparison.OrdinalIgnoreCase)));
            if (found is not null) return found;
            if (DateTime.UtcNow > until) throw new TimeoutException($"No llegó ningún mensaje para {address}.");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed class Store(TestSmtpServer owner) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (owner.RefuseAll) return new SmtpResponse(SmtpReplyCode.ServiceUnavailable, "servicio no disponible");
            if (transaction.To.Any(t => owner.RejectedRecipients.ContainsKey($"{t.User}@{t.Host}")))
                return new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "buzón inexistente");
            using var stream = new MemoryStream(buffer.ToArray());
            owner._received.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            owner.AfterEach?.Invoke(owner._received.Count);
            return SmtpResponse.Ok;
        }
    }
}
