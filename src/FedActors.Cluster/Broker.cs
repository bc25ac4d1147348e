using System.Net.Sockets;
using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace FedActors.Cluster;

/// <summary>
/// One connection to the broker (with RabbitMQ.Client's automatic recovery) and the queue layout every coordinator
/// and worker agrees on: the quorum job queue with a delivery limit, its dead-letter exchange and queue. Publishing
/// goes through a small pool of confirm-tracking channels, one publish per channel at a time, so that publishes wait
/// for their confirms in parallel.
/// </summary>
public sealed class Broker : IAsyncDisposable
{
    /// <summary>The direct exchange dead-lettered jobs are routed through.</summary>
    public const string DeadLetterExchange = "fedactors.dead";

    /// <summary>Publisher channels: confirms are awaited per publish, so parallel publishes need parallel channels.</summary>
    private const int PublisherChannels = 8;

    private readonly SemaphoreSlim _publishing = new(PublisherChannels, PublisherChannels);
    private readonly System.Collections.Concurrent.ConcurrentQueue<IChannel> _publishers;

    private Broker(IConnection connection, IReadOnlyList<IChannel> publishers, string displayUri)
    {
        Connection = connection;
        _publishers = new(publishers);
        DisplayUri = displayUri;
    }

    public IConnection Connection { get; }

    public string DisplayUri { get; }

    /// <summary>The broker URI with its password left out, for messages.</summary>
    public static string WithoutPassword(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed))
        {
            return "(not a URI)";
        }

        var user = parsed.UserInfo.Split(':', 2)[0];
        var userPart = user.Length > 0 ? $"{user}@" : string.Empty;
        return $"{parsed.Scheme}://{userPart}{parsed.Authority}{parsed.AbsolutePath}";
    }

    /// <summary>Dead-lettered jobs of <paramref name="queue"/> land here.</summary>
    public static string DeadLetterQueue(string queue) => $"{queue}.dead";

    /// <summary>Connects to <paramref name="uri"/> (amqp:// or amqps://, TLS for the latter).</summary>
    /// <exception cref="ClusterException">The broker cannot be reached or refuses the login; the message says which.</exception>
    public static async Task<Broker> ConnectAsync(string uri, string clientName, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var display = WithoutPassword(uri);
        ConnectionFactory factory;
        try
        {
            factory = new ConnectionFactory
            {
                Uri = new Uri(uri),
                AutomaticRecoveryEnabled = true,
                TopologyRecoveryEnabled = true,
                NetworkRecoveryInterval = TimeSpan.FromSeconds(1),
                RequestedConnectionTimeout = timeout,
                ClientProvidedName = clientName,
            };
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException)
        {
            throw new ClusterException($"broker {display}: not a valid amqp:// URI ({e.Message})");
        }

        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                var connection = await factory.CreateConnectionAsync(clientName, cancellationToken).ConfigureAwait(false);
                var publishers = new List<IChannel>(PublisherChannels);
                for (var i = 0; i < PublisherChannels; i++)
                {
                    publishers.Add(await connection.CreateChannelAsync(
                        new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
                        cancellationToken).ConfigureAwait(false));
                }

                return new Broker(connection, publishers, display);
            }
            catch (BrokerUnreachableException e) when (Refusal(e) is { } refusal)
            {
                throw new ClusterException($"broker {display}: {refusal}", e);
            }
            catch (BrokerUnreachableException) when (DateTime.UtcNow < deadline)
            {
                // Nothing listens yet (a broker still starting): try again until the connect timeout.
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
            }
            catch (BrokerUnreachableException e)
            {
                throw new ClusterException($"broker {display}: unreachable after {timeout.TotalSeconds:0.#} s ({Innermost(e)}); is rabbitmq-server running there?", e);
            }
        }
    }

    /// <summary>
    /// Declares the job queue as the coordinator wants it: a durable quorum queue whose messages are dead-lettered
    /// after <paramref name="deliveryLimit"/> returns (a worker died holding them), and its dead-letter queue.
    /// </summary>
    public async Task DeclareJobQueueAsync(string queue, int deliveryLimit, CancellationToken cancellationToken = default)
    {
        var channel = await Connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            await channel.ExchangeDeclareAsync(DeadLetterExchange, ExchangeType.Direct, durable: true, autoDelete: false, cancellationToken: cancellationToken).ConfigureAwait(false);
            await channel.QueueDeclareAsync(DeadLetterQueue(queue), durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken).ConfigureAwait(false);
            await channel.QueueBindAsync(DeadLetterQueue(queue), DeadLetterExchange, DeadLetterQueue(queue), cancellationToken: cancellationToken).ConfigureAwait(false);
            var arguments = new Dictionary<string, object?>
            {
                ["x-queue-type"] = "quorum",
                ["x-delivery-limit"] = deliveryLimit,
                ["x-dead-letter-exchange"] = DeadLetterExchange,
                ["x-dead-letter-routing-key"] = DeadLetterQueue(queue),
            };
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 406)
        {
            throw new ClusterException(
                $"broker {DisplayUri}: queue '{queue}' exists with other settings ({e.ShutdownReason.ReplyText}); delete it (rabbitmqctl delete_queue {queue}) or use another cluster.queue", e);
        }
        finally
        {
            await CloseQuietlyAsync(channel).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until <paramref name="queue"/> exists (a coordinator declares it), checking every second.</summary>
    public async Task WaitForQueueAsync(string queue, Action onWaiting, CancellationToken cancellationToken)
    {
        var warned = false;
        while (true)
        {
            IChannel? channel = null;
            try
            {
                channel = await Connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                await channel.QueueDeclarePassiveAsync(queue, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
            {
                if (!warned)
                {
                    onWaiting();
                    warned = true;
                }
            }
            catch (Exception e) when (e is AlreadyClosedException or OperationInterruptedException or IOException)
            {
                // The connection dropped (a broker restart): it recovers by itself; ask again in a second.
            }
            finally
            {
                if (channel is not null)
                {
                    await CloseQuietlyAsync(channel).ConfigureAwait(false);
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Publishes a signed body to <paramref name="queue"/> through the default exchange and waits for the broker's confirm.</summary>
    /// <param name="mandatory">Fail when no queue of that name exists (jobs); results to a vanished coordinator are simply dropped.</param>
    public async Task PublishAsync(string queue, byte[] body, byte[] key, string messageId, bool mandatory, CancellationToken cancellationToken = default)
    {
        var properties = new BasicProperties
        {
            Persistent = true,
            MessageId = messageId,
            Headers = new Dictionary<string, object?> { [SignedMessage.SignatureHeader] = SignedMessage.Sign(body, key) },
        };
        await PublishOnAnyChannelAsync(queue, mandatory, properties, body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Publishes <paramref name="body"/> as it is, with the given properties (a forwarded message keeps its signature).</summary>
    public async Task PublishRawAsync(string queue, byte[] body, BasicProperties properties, CancellationToken cancellationToken = default)
    {
        await PublishOnAnyChannelAsync(queue, mandatory: false, properties, body, cancellationToken).ConfigureAwait(false);
    }

    private async Task PublishOnAnyChannelAsync(string queue, bool mandatory, BasicProperties properties, byte[] body, CancellationToken cancellationToken)
    {
        await _publishing.WaitAsync(cancellationToken).ConfigureAwait(false);
        _publishers.TryDequeue(out var channel);
        try
        {
            await channel!.BasicPublishAsync(string.Empty, queue, mandatory, properties, body, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _publishers.Enqueue(channel!);
            _publishing.Release();
        }
    }

    /// <summary>The signature header of a delivery, or null.</summary>
    public static string? Signature(IReadOnlyBasicProperties properties) =>
        properties.Headers is { } headers && headers.TryGetValue(SignedMessage.SignatureHeader, out var value)
            ? value switch
            {
                byte[] bytes => Encoding.UTF8.GetString(bytes),
                string text => text,
                _ => null,
            }
            : null;

    public async ValueTask DisposeAsync()
    {
        while (_publishers.TryDequeue(out var channel))
        {
            await CloseQuietlyAsync(channel).ConfigureAwait(false);
        }

        try
        {
            await Connection.CloseAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is AlreadyClosedException or OperationInterruptedException or IOException or ObjectDisposedException)
        {
            // Already gone.
        }

        Connection.Dispose();
        _publishing.Dispose();
    }

    internal static async Task CloseQuietlyAsync(IChannel channel)
    {
        try
        {
            if (channel.IsOpen)
            {
                await channel.CloseAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is AlreadyClosedException or OperationInterruptedException or IOException or ObjectDisposedException)
        {
            // Already gone.
        }

        channel.Dispose();
    }

    /// <summary>
    /// Why the connection was turned down, by the broker (a login or vhost refusal) or by this side's check of the
    /// broker's TLS certificate, rather than the broker being unreachable: no retry can change these.
    /// </summary>
    private static string? Refusal(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case AuthenticationFailureException:
                case PossibleAuthenticationFailureException:
                    return "the broker refused the login (ACCESS_REFUSED): wrong user name or password in cluster.broker / FEDACTORS_BROKER";
                case OperationInterruptedException { ShutdownReason: { } reason } when reason.ReplyCode is 530 or 403:
                    return $"the broker refused the connection ({reason.ReplyText}); does the vhost exist and may this user use it (rabbitmqctl set_permissions)?";
                case System.Security.Authentication.AuthenticationException tls:
                    return $"the TLS handshake failed ({tls.Message}); the broker's certificate must name the host in the URI and be signed by a CA this machine trusts (the system's store, or a PEM file that SSL_CERT_FILE names)";
            }
        }

        return null;
    }

    private static string Innermost(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return inner is SocketException socket ? socket.SocketErrorCode.ToString() : inner.Message;
    }
}
