using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace Scari.Web.Features.Mail;

public enum MailDelivery { Smtp, Archivos }

public enum MailTls { Auto, Ninguno, StartTls, SslAlConectar }

/// <summary>
/// <c>Mail:*</c>: how the outbox delivers. SMTP with <c>Host</c>; .eml files in <c>Directory</c> (default
/// <c>{Scari:DataDirectory}/correo</c>) when <c>Delivery</c> is <c>Archivos</c>, which is also the default in
/// Development without a host. Outside Development the choice must be explicit (validated at start).
/// </summary>
public sealed class MailOptions
{
    public MailDelivery? Delivery { get; set; }
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public MailTls Tls { get; set; } = MailTls.Auto;
    public string? User { get; set; }
    public string? Password { get; set; }
    public string SenderName { get; set; } = "SCARI";
    public string SenderAddress { get; set; } = "no-responder@scari.local";
    public string? Directory { get; set; }
    /// <summary>Seconds between looks at the outbox when nothing woke the sender (a message saved by this instance does).</summary>
    public double PollSeconds { get; set; } = 10;
    /// <summary>First retry after this many seconds, doubling each attempt up to an hour.</summary>
    public double RetrySeconds { get; set; } = 30;
    public int MaxAttempts { get; set; } = 8;
    public int BatchSize { get; set; } = 50;
    /// <summary>A claimed message whose sender vanished (crash) is taken again after this lease.</summary>
    public double LeaseSeconds { get; set; } = 300;
    public double TimeoutSeconds { get; set; } = 30;

    /// <summary>The mode in effect: the configured one, else files in Development without a host (see the validator).</summary>
    public MailDelivery EffectiveDelivery => Delivery ?? (string.IsNullOrWhiteSpace(Host) ? MailDelivery.Archivos : MailDelivery.Smtp);

    public TimeSpan RetryDelay(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(3600, RetrySeconds * Math.Pow(2, Math.Max(0, attempts - 1))));
}

/// <summary>Refuses to start with settings that could never deliver, in Spanish (the host prints the failures).</summary>
public sealed class MailOptionsValidator(IHostEnvironment env) : IValidateOptions<MailOptions>
{
    public ValidateOptionsResult Validate(string? name, MailOptions o)
    {
        var problems = new List<string>();
        if (o.Delivery is null && string.IsNullOrWhiteSpace(o.Host) && !env.IsDevelopment())
            problems.Add("Configure el correo: Mail:Host (servidor SMTP) o, para guardar los mensajes como archivos .eml, " +
                "Mail:Delivery=Archivos. Fuera de Development SCARI no elige archivos por su cuenta.");
        if (o.EffectiveDelivery == MailDelivery.Smtp && string.IsNullOrWhiteSpace(o.Host))
            problems.Add("Mail:Delivery es Smtp pero falta Mail:Host (el nombre del servidor SMTP).");
        if (o.Port is < 1 or > 65535)
            problems.Add($"Mail:Port debe estar entre 1 y 65535; es {o.Port}.");
        if (!MailAddress.TryCreate(o.SenderAddress, out _))
            problems.Add($"Mail:SenderAddress «{o.SenderAddress}» no es una dirección de correo válida.");
        if (string.IsNullOrWhiteSpace(o.User) != string.IsNullOrWhiteSpace(o.Password))
            problems.Add("Mail:User y Mail:Password van juntos: escriba los dos o ninguno.");
        if (o.PollSeconds <= 0 || o.RetrySeconds <= 0 || o.LeaseSeconds <= 0 || o.TimeoutSeconds <= 0)
            problems.Add("Mail:PollSeconds, RetrySeconds, LeaseSeconds y TimeoutSeconds deben ser mayores que cero.");
        if (o.MaxAttempts < 1 || o.BatchSize < 1)
            problems.Add("Mail:MaxAttempts y Mail:BatchSize deben ser al menos 1.");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
