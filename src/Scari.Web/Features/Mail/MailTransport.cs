using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Scari.Web.Data;

namespace Scari.Web.Features.Mail;

/// <summary>Turns an outbox row into a MIME message and hands it to SMTP (MailKit) or to an .eml file.</summary>
public sealed class MailTransport(IOptions<MailOptions> options, IConfiguration config, IHostEnvironment env)
{
    public MailOptions Options => options.Value;

    /// <summary>Where .eml files go in file mode: <c>Mail:Directory</c>, else <c>correo/</c> in the data directory.</summary>
    public string FilesDirectory => string.IsNullOrWhiteSpace(Options.Directory)
        ? Path.Combine(ScariPaths.DataDirectory(config, env), "correo")
        : Path.GetFullPath(Path.Combine(env.ContentRootPath, Options.Directory));

    public MimeMessage Compose(OutboxMessage m)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(Options.SenderName, Options.SenderAddress));
        message.To.Add(new MailboxAddress(m.ToName, m.ToAddress));
        message.Subject = m.Subject;
        message.Date = new DateTimeOffset(m.CreatedUtc, TimeSpan.Zero);
        // One id per outbox row: a receiver that sees the same message twice can tell.
        message.MessageId = $"scari-{m.Id}-{m.CreatedUtc:yyyyMMddHHmmss}@{Options.SenderAddress.Split('@')[^1]}";
        if (m.UnsubscribeUrl is { Length: > 0 } unsubscribe)
        {
            // RFC 2369 and RFC 8058: mail programs offer «darse de baja» and POST to the address without opening it.
            message.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        var body = new BodyBuilder { TextBody = m.TextBody, HtmlBody = m.HtmlBody };
        if (m.CalendarIcs is not null)
        {
            // The part's method repeats the calendar's (REQUEST, CANCEL or PUBLISH), as iMIP (RFC 6047) asks.
            var method = m.CalendarIcs.Contains("METHOD:CANCEL", StringComparison.Ordinal) ? "CANCEL"
                : m.CalendarIcs.Contains("METHOD:REQUEST", StringComparison.Ordinal) ? "REQUEST" : "PUBLISH";
            var calendar = body.Attachments.Add("sesion.ics", System.Text.Encoding.UTF8.GetBytes(m.CalendarIcs),
                new ContentType("text", "calendar") { Charset = "utf-8", Parameters = { { "method", method } } });
            calendar.ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) { FileName = "sesion.ics" };
        }
        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary>An open connection (SMTP) or folder (files) for one batch.</summary>
    public async Task<IMailSession> OpenAsync(CancellationToken ct)
    {
        if (Options.EffectiveDelivery == MailDelivery.Archivos) return new FileSession(FilesDirectory);
        var client = new SmtpClient { Timeout = (int)TimeSpan.FromSeconds(Options.TimeoutSeconds).TotalMilliseconds };
        try
        {
            await client.ConnectAsync(Options.Host ?? "", Options.Port, Options.Tls switch
            {
                MailTls.Ninguno => SecureSocketOptions.None,
                MailTls.StartTls => SecureSocketOptions.StartTls,
                MailTls.SslAlConectar => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.Auto,
            }, ct);
            if (!string.IsNullOrWhiteSpace(Options.User))
                await client.AuthenticateAsync(Options.User, Options.Password ?? "", ct);
            return new SmtpSession(client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>The problem in Spanish, naming the setting to check; never the message's content.</summary>
    public string Explain(Exception e) => e switch
    {
        SocketException or TimeoutException or OperationCanceledException when Options.EffectiveDelivery == MailDelivery.Smtp =>
            $"No se pudo conectar con el servidor SMTP {Options.Host}:{Options.Port} ({e.Message}). Revise Mail:Host y Mail:Port y que el servidor esté en marcha.",
        SslHandshakeException =>
            $"Falló la conexión cifrada con {Options.Host}:{Options.Port}. Revise Mail:Tls (Auto, StartTls, SslAlConectar o Ninguno) y el certificado del servidor.",
        AuthenticationException =>
            $"El servidor SMTP {Options.Host} rechazó el usuario o la contraseña. Revise Mail:User y Mail:Password.",
        SmtpCommandException c =>
            $"El servidor SMTP respondió {(int)c.StatusCode}: {c.Message}",
        SmtpProtocolException or ServiceNotConnectedException or IOException when Options.EffectiveDelivery == MailDelivery.Smtp =>
            $"Se perdió la conexión con el servidor SMTP {Options.Host}:{Options.Port} ({e.Message}).",
        UnauthorizedAccessException or IOException =>
            $"No se pudo escribir el mensaje en la carpeta {FilesDirectory} ({e.Message}). Revise Mail:Directory y sus permisos.",
        _ => $"Error inesperado al entregar: {e.Message}",
    };

    /// <summary>True when the problem concerns the message itself (rejected recipient), not the connection.</summary>
    public static bool IsPermanent(Exception e) => e is SmtpCommandException { StatusCode: >= (SmtpStatusCode)500 }
        && ((SmtpCommandException)e).ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.SenderNotAccepted or SmtpErrorCode.MessageNotAccepted;

    /// <summary>True when the message was refused but the connection is still usable for the next one.</summary>
    public static bool AffectsOnlyThisMessage(Exception e) => e is SmtpCommandException;
}

public interface IMailSession : IAsyncDisposable
{
    /// <summary>Delivers one message; returns the .eml file name in file mode.</summary>
    Task<string?> SendAsync(MimeMessage message, long outboxId, CancellationToken ct);
}

internal sealed class SmtpSession(SmtpClient client) : IMailSession
{
    public async Task<string?> SendAsync(MimeMessage message, long outboxId, CancellationToken ct)
    {
        await client.SendAsync(message, ct);
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        try { if (client.IsConnected) await client.DisconnectAsync(true, CancellationToken.None); }
        catch (Exception e) when (e is IOException or SmtpProtocolException or SocketException or SmtpCommandException) { }
        client.Dispose();
    }
}

/// <summary>Files readable by the app's user only (0600, in a 0700 folder on Unix): they hold reset links in clear.</summary>
internal sealed class FileSession(string directory) : IMailSession
{
    public async Task<string?> SendAsync(MimeMessage message, long outboxId, CancellationToken ct)
    {
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(directory);
            else Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var name = $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{outboxId:D7}.eml";
        var streamOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) streamOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using (var file = new FileStream(Path.Combine(directory, name), streamOptions))
            await message.WriteToAsync(file, ct);
        return name;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
