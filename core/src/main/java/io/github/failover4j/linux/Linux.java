package io.github.failover4j.linux;

/**
 * Linux ABI constants (generic ABI: x86-64 and aarch64 share these values). Byte order: socket
 * option values, netlink headers and interface indexes are host order; addresses and the
 * {@code sll_protocol} of packet sockets are network order.
 */
final class Linux {
  static final int AF_INET = 2;
  static final int AF_INET6 = 10;
  static final int AF_NETLINK = 16;
  static final int AF_PACKET = 17;

  static final int SOCK_DGRAM = 2;
  static final int SOCK_RAW = 3;
  static final int SOCK_NONBLOCK = 0x800;
  static final int SOCK_CLOEXEC = 0x80000;

  static final int SOL_SOCKET = 1;
  static final int SO_BINDTODEVICE = 25;

  static final int IPPROTO_IP = 0;
  static final int IPPROTO_IPV6 = 41;
  static final int IPPROTO_ICMPV6 = 58;
  static final int IPPROTO_VRRP = 112;

  static final int IP_TOS = 1;
  static final int IP_TTL = 2;
  static final int IP_PKTINFO = 8;
  static final int IP_MULTICAST_IF = 32;
  static final int IP_MULTICAST_TTL = 33;
  static final int IP_MULTICAST_LOOP = 34;
  static final int IP_ADD_MEMBERSHIP = 35;
  static final int IP_MULTICAST_ALL = 49;

  static final int IPV6_UNICAST_HOPS = 16;
  static final int IPV6_MULTICAST_IF = 17;
  static final int IPV6_MULTICAST_HOPS = 18;
  static final int IPV6_MULTICAST_LOOP = 19;
  static final int IPV6_ADD_MEMBERSHIP = 20;
  static final int IPV6_RECVPKTINFO = 49;
  static final int IPV6_PKTINFO = 50;
  static final int IPV6_RECVHOPLIMIT = 51;
  static final int IPV6_HOPLIMIT = 52;
  static final int IPV6_TCLASS = 67;

  /** DSCP CS6, "network control", as keepalived and FRR mark VRRP. */
  static final int TOS_NETWORK_CONTROL = 0xC0;

  static final int MSG_DONTWAIT = 0x40;
  static final int MSG_TRUNC = 0x20;

  static final short POLLIN = 1;

  static final int O_RDONLY = 0;
  static final int O_CLOEXEC = 0x80000;
  static final int CLONE_NEWNET = 0x40000000;
  static final int EFD_NONBLOCK = 0x800;
  static final int EFD_CLOEXEC = 0x80000;
  static final int PR_SET_TIMERSLACK = 29;
  static final int CLOCK_MONOTONIC = 1;
  static final int TFD_NONBLOCK = 0x800;
  static final int TFD_CLOEXEC = 0x80000;

  static final int EPERM = 1;
  static final int ENOENT = 2;
  static final int EINTR = 4;
  static final int EAGAIN = 11;
  static final int EEXIST = 17;
  static final int EADDRNOTAVAIL = 99;

  static final int NETLINK_ROUTE = 0;
  static final int NLMSG_ERROR = 2;
  static final int NLMSG_DONE = 3;
  static final int RTM_NEWLINK = 16;
  static final int RTM_DELLINK = 17;
  static final int RTM_GETLINK = 18;
  static final int RTM_NEWADDR = 20;
  static final int RTM_DELADDR = 21;
  static final int RTM_GETADDR = 22;
  static final int NLM_F_REQUEST = 0x1;
  static final int NLM_F_ACK = 0x4;
  static final int NLM_F_EXCL = 0x200;
  static final int NLM_F_CREATE = 0x400;
  static final int NLM_F_DUMP = 0x300;
  static final int RTMGRP_LINK = 1;
  static final int IFA_ADDRESS = 1;
  static final int IFA_LOCAL = 2;
  static final int IFA_LABEL = 3;
  static final int IFA_FLAGS = 8;
  static final int IFA_F_SECONDARY = 0x01;
  static final int IFA_F_NODAD = 0x02;
  static final int IFLA_ADDRESS = 1;
  static final int IFLA_IFNAME = 3;
  static final int IFF_UP = 0x1;
  static final int IFF_RUNNING = 0x40;

  static final int ETH_P_ARP = 0x0806;
  static final int ETH_P_ALL = 0x0003;

  static final int CAP_NET_ADMIN = 12;
  static final int CAP_NET_RAW = 13;
  static final int CAP_SYS_ADMIN = 21;

  private Linux() {}

  /** Host to network order for 16 bits, as {@code htons}: packet sockets take the protocol so. */
  static int htons(int value) {
    return java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.BIG_ENDIAN
        ? value & 0xFFFF
        : Short.reverseBytes((short) value) & 0xFFFF;
  }
}
