// Preloaded (node --require) into child processes that must not reach the network: any outgoing
// connection, TCP or UDP (DNS included), throws instead of leaving the machine.
const net = require("net");
const dgram = require("dgram");
const dns = require("dns");

function refuse(what) {
  return function () {
    throw new Error(`network access attempted in a test (${what})`);
  };
}

net.Socket.prototype.connect = refuse("net.Socket.connect");
dgram.Socket.prototype.send = refuse("dgram.Socket.send");
dns.lookup = refuse("dns.lookup");
