#!/usr/bin/perl
# A test SMSC on Net::SMPP (Debian: libnet-smpp-perl), an SMPP implementation independent of the npm
# `smpp` package masq uses: masq's SMPP tests bind to it over 127.0.0.1.
#
#   perl test/peers/smsc.pl PORT SYSTEM_ID PASSWORD
#
# It accepts binds with those credentials, answers enquire_link and unbind, and acknowledges every
# submit_sm with a hex message id. What happens is written to stdout, one JSON object a line
# (events: listening, bound, submit, deliver_sm_resp, unbound, disconnected); a submit carries the
# raw short_message as hex (and the message_payload TLV's bytes as hex when it came with one), so the
# test checks the very bytes masq sent. Commands come on stdin, one JSON object a line:
# {"cmd":"deliver", ...deliver_sm fields, "short_message_hex": "...", "message_payload_hex": "..."} sends
# a deliver_sm (MO or receipt) to the bound session. Stdin closing ends the SMSC.
use strict;
use warnings;
use IO::Select;
use JSON::PP;
use Net::SMPP;

$| = 1;
my ($port, $system_id, $password) = @ARGV;
die "usage: smsc.pl PORT SYSTEM_ID PASSWORD\n" unless defined $password;

my $json = JSON::PP->new->canonical(1);
sub emit { print $json->encode($_[0]), "\n"; }

my $listen = Net::SMPP->new_listen('127.0.0.1', port => $port, smpp_version => 0x34, async => 1)
  or die "cannot listen on 127.0.0.1:$port: $!\n";
emit({ event => 'listening', port => $listen->sockport });

my $next_id = 0x2a0;
my $select = IO::Select->new($listen, \*STDIN);
my %bound;    # receiving sessions, by fileno

my %bind_resp = (
  0x00000009 => 'bind_transceiver_resp',
  0x00000002 => 'bind_transmitter_resp',
  0x00000001 => 'bind_receiver_resp',
);

sub drop {
  my ($conn) = @_;
  delete $bound{ fileno($conn) // -1 };
  $select->remove($conn);
  close $conn;
  emit({ event => 'disconnected' });
}

sub handle {
  my ($conn, $pdu) = @_;
  my $cmd = $pdu->{cmd};
  if (my $resp = $bind_resp{$cmd}) {
    my $ok = ($pdu->{system_id} // '') eq $system_id && ($pdu->{password} // '') eq $password;
    $conn->$resp(seq => $pdu->{seq}, status => $ok ? 0 : 0x0e, system_id => 'perl-smsc');
    $bound{ fileno($conn) } = $conn if $ok && $cmd != 0x00000002;
    emit({ event => 'bound', command => $resp =~ s/_resp$//r, ok => $ok ? JSON::PP::true : JSON::PP::false });
  } elsif ($cmd == 0x00000015) {
    $conn->enquire_link_resp(seq => $pdu->{seq});
  } elsif ($cmd == 0x00000004) {
    my $id = sprintf('%X', $next_id++);
    emit({
      event => 'submit', message_id => $id,
      source_addr => $pdu->{source_addr}, source_addr_ton => $pdu->{source_addr_ton}, source_addr_npi => $pdu->{source_addr_npi},
      destination_addr => $pdu->{destination_addr}, dest_addr_ton => $pdu->{dest_addr_ton}, dest_addr_npi => $pdu->{dest_addr_npi},
      esm_class => $pdu->{esm_class}, data_coding => $pdu->{data_coding}, registered_delivery => $pdu->{registered_delivery},
      short_message_hex => unpack('H*', $pdu->{short_message} // ''),
      (defined $pdu->{message_payload} ? (message_payload_hex => unpack('H*', $pdu->{message_payload})) : ()),
    });
    $conn->submit_sm_resp(seq => $pdu->{seq}, message_id => $id);
  } elsif ($cmd == 0x00000006) {
    $conn->unbind_resp(seq => $pdu->{seq});
    emit({ event => 'unbound' });
    drop($conn);
  } elsif ($cmd == 0x80000005) {
    emit({ event => 'deliver_sm_resp', status => $pdu->{status}, seq => $pdu->{seq} });
  }
}

sub command {
  my ($line) = @_;
  my $c = eval { $json->decode($line) } or return emit({ event => 'error', error => "bad command: $line" });
  return unless ($c->{cmd} // '') eq 'deliver';
  my ($conn) = values %bound;
  return emit({ event => 'error', error => 'nobody is bound to receive' }) unless $conn;
  my @tlvs = defined $c->{receipted_message_id} ? (receipted_message_id => "$c->{receipted_message_id}\0") : ();
  push @tlvs, (message_payload => pack('H*', $c->{message_payload_hex})) if defined $c->{message_payload_hex};
  my $seq = $conn->deliver_sm(
    source_addr => $c->{source_addr}, source_addr_ton => $c->{source_addr_ton} // 1, source_addr_npi => 1,
    destination_addr => $c->{destination_addr}, dest_addr_ton => $c->{dest_addr_ton} // 1, dest_addr_npi => 1,
    esm_class => $c->{esm_class} // 0, data_coding => $c->{data_coding} // 0,
    short_message => pack('H*', $c->{short_message_hex} // ''), @tlvs, async => 1,
  );
  emit({ event => 'deliver_sent', seq => $seq });
}

while (1) {
  for my $fh ($select->can_read) {
    if ($fh == $listen) {
      my $conn = $listen->accept or next;
      $select->add($conn);
      emit({ event => 'connected' });
    } elsif ($fh == \*STDIN) {
      my $line = <STDIN>;
      exit 0 unless defined $line;
      command($line);
    } else {
      my $pdu = $fh->read_pdu;
      if (!$pdu) { drop($fh); next; }
      handle($fh, $pdu);
    }
  }
}
