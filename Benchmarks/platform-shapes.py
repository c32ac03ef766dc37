#!/usr/bin/env python3
"""Support and messaging platforms' message exports in the shapes their API references document, imported without
options by one or more Winnow builds: which builds read each as its conversations.

Each shape is two small conversations (or one, where the platform's answer holds one) written as the platform writes
them: its field names, its words for the sides, its internal notes and notices beside the messages. A build reads a
shape right when `winnow import` stores one example per conversation, each with the expected turns in order (roles
and texts), the conversation's id where the shape gives one, and no internal note or notice among the turns.

Usage: Benchmarks/platform-shapes.py WINNOW_BINARY [WINNOW_BINARY...] [--work-directory DIR] [--json]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

C, A = "user", "assistant"


def shape(name, file_name, text, expected):
    """`expected`: [(ticket id or None, [(role, text), ...]), ...] in the order `winnow list` gives."""
    return {"name": name, "file": file_name, "text": text, "expected": expected}


def jdump(value):
    return json.dumps(value, indent=1)


SHAPES = [
    shape("Channel Talk messages (personType, chatId)", "channel-talk.json", jdump({"messages": [
        {"id": "m1", "chatId": "c1", "personType": "user", "plainText": "My order 4411 has not arrived.",
         "createdAt": 1700000000000},
        {"id": "m2", "chatId": "c1", "personType": "manager", "plainText": "It is at the depot; it comes tomorrow.",
         "createdAt": 1700000060000},
        {"id": "m3", "chatId": "c2", "personType": "user", "plainText": "How do I change my e-mail address?",
         "createdAt": 1700000100000},
        {"id": "m4", "chatId": "c2", "personType": "manager", "plainText": "Settings, Profile, then E-mail.",
         "createdAt": 1700000160000}]}),
        [("c1", [(C, "My order 4411 has not arrived."), (A, "It is at the depot; it comes tomorrow.")]),
         ("c2", [(C, "How do I change my e-mail address?"), (A, "Settings, Profile, then E-mail.")])]),
    shape("Freshchat messages of two conversations (actor_type, message_parts, a private note)", "freshchat.json",
          jdump({"messages": [
              {"conversation_id": "cv1", "actor_type": "user", "message_type": "normal",
               "message_parts": [{"text": {"content": "My payment failed but the money left."}}],
               "created_time": "2024-02-01T10:00:00Z"},
              {"conversation_id": "cv1", "actor_type": "agent", "message_type": "private",
               "message_parts": [{"text": {"content": "check with billing"}}], "created_time": "2024-02-01T10:01:00Z"},
              {"conversation_id": "cv1", "actor_type": "agent", "message_type": "normal",
               "message_parts": [{"text": {"content": "The bank reverses it within 48 hours."}}],
               "created_time": "2024-02-01T10:02:00Z"},
              {"conversation_id": "cv2", "actor_type": "user", "message_type": "normal",
               "message_parts": [{"text": {"content": "Can I pause my membership?"}}],
               "created_time": "2024-02-02T10:00:00Z"},
              {"conversation_id": "cv2", "actor_type": "agent", "message_type": "normal",
               "message_parts": [{"text": {"content": "Yes: Membership, Pause."}}],
               "created_time": "2024-02-02T10:05:00Z"}]}),
          [("cv1", [(C, "My payment failed but the money left."), (A, "The bank reverses it within 48 hours.")]),
           ("cv2", [(C, "Can I pause my membership?"), (A, "Yes: Membership, Pause.")])]),
    shape("Crisp messages (from user/operator, a note, session_id)", "crisp.json", jdump({"messages": [
        {"session_id": "session_a", "type": "text", "from": "user", "content": "Can my invoice name my company?",
         "timestamp": 1700000000000},
        {"session_id": "session_a", "type": "note", "from": "operator", "content": "vip customer",
         "timestamp": 1700000010000},
        {"session_id": "session_a", "type": "text", "from": "operator", "content": "Yes: Billing, Company.",
         "timestamp": 1700000060000},
        {"session_id": "session_b", "type": "text", "from": "user", "content": "Is there a student discount?",
         "timestamp": 1700000100000},
        {"session_id": "session_b", "type": "text", "from": "operator", "content": "Yes, 30% off.",
         "timestamp": 1700000160000}]}),
        [("session_a", [(C, "Can my invoice name my company?"), (A, "Yes: Billing, Company.")]),
         ("session_b", [(C, "Is there a student discount?"), (A, "Yes, 30% off.")])]),
    shape("Sunshine Conversations messages (author.type user/business)", "sunshine.json", jdump({"messages": [
        {"id": "s1", "received": "2024-04-01T10:00:00.000Z", "author": {"type": "user", "displayName": "Maya"},
         "content": {"type": "text", "text": "The tracking link shows nothing."}},
        {"id": "s2", "received": "2024-04-01T10:02:00.000Z", "author": {"type": "business", "displayName": "Acme"},
         "content": {"type": "text", "text": "The carrier updates it within a day."}}]}),
        [(None, [(C, "The tracking link shows nothing."), (A, "The carrier updates it within a day.")])]),
    shape("Smooch v1 messages (role appUser/appMaker)", "smooch.json", jdump({"messages": [
        {"_id": "a1", "text": "Do you sell gift cards?", "role": "appUser", "name": "Leo", "received": 1700000000.1},
        {"_id": "a2", "text": "Yes, on the Gifts page.", "role": "appMaker", "name": "Shop", "received": 1700000060.2}]}),
        [(None, [(C, "Do you sell gift cards?"), (A, "Yes, on the Gifts page.")])]),
    shape("Twilio Conversations messages (conversation_sid, author identities)", "twilio.json", jdump({"messages": [
        {"sid": "IM1", "conversation_sid": "CH1", "author": "+15551230001", "body": "Can I move my appointment?",
         "index": 0, "date_created": "2024-05-01T10:00:00Z"},
        {"sid": "IM2", "conversation_sid": "CH1", "author": "agent.maria", "body": "Sure, which day suits you?",
         "index": 1, "date_created": "2024-05-01T10:01:00Z"},
        {"sid": "IM3", "conversation_sid": "CH2", "author": "+15559870002", "body": "What are your hours?",
         "index": 0, "date_created": "2024-05-02T10:00:00Z"},
        {"sid": "IM4", "conversation_sid": "CH2", "author": "agent.maria", "body": "8 am to 6 pm.",
         "index": 1, "date_created": "2024-05-02T10:01:00Z"}], "meta": {"page": 0}}),
        [("CH1", [(C, "Can I move my appointment?"), (A, "Sure, which day suits you?")]),
         ("CH2", [(C, "What are your hours?"), (A, "8 am to 6 pm.")])]),
    shape("Help Scout thread rows, CSV (Thread Type, Created By, a note, a lineitem)", "help-scout.csv",
          "Conversation ID,Thread Type,Created By,Body,Created At\n"
          "9001,customer,ann@example.com,The export button does nothing.,2024-01-05 10:00\n"
          "9001,note,kim@acme.io,\"Known bug, ENG-88\",2024-01-05 10:02\n"
          "9001,message,kim@acme.io,We fixed it today; please reload.,2024-01-05 10:10\n"
          "9002,customer,bo@example.com,Can I add a second admin?,2024-01-06 09:00\n"
          "9002,message,kim@acme.io,\"Yes, Team then Invite.\",2024-01-06 09:20\n"
          "9002,lineitem,kim@acme.io,Marked as Closed,2024-01-06 09:21\n",
          [("9001", [(C, "The export button does nothing."), (A, "We fixed it today; please reload.")]),
           ("9002", [(C, "Can I add a second admin?"), (A, "Yes, Team then Invite.")])]),
    shape("LivePerson conversation records (messageRecords, sentBy, a private text)", "liveperson.json", jdump(
        {"_metadata": {"count": 2}, "conversationHistoryRecords": [
            {"info": {"conversationId": "lp-1", "status": "CLOSE"},
             "messageRecords": [
                 {"type": "TEXT_PLAIN", "messageData": {"msg": {"text": "My router keeps rebooting."}},
                  "seq": 0, "sentBy": "Consumer"},
                 {"type": "TEXT_PLAIN", "messageData": {"msg": {"text": "old firmware"}},
                  "messageAudience": "AGENTS_AND_MANAGERS", "seq": 1, "sentBy": "Agent"},
                 {"type": "TEXT_PLAIN", "messageData": {"msg": {"text": "Hold reset for 10 seconds."}},
                  "messageAudience": "ALL", "seq": 2, "sentBy": "Agent"}],
             "interactions": [{"assignedAgentFullName": "Kim", "interactiveSequence": 1}]},
            {"info": {"conversationId": "lp-2", "status": "CLOSE"},
             "messageRecords": [
                 {"type": "TEXT_PLAIN", "messageData": {"msg": {"text": "How do I change the Wi-Fi key?"}},
                  "seq": 0, "sentBy": "Consumer"},
                 {"type": "TEXT_PLAIN", "messageData": {"msg": {"text": "Wireless, Security, new key."}},
                  "seq": 1, "sentBy": "Agent"}],
             "interactions": []}]}),
        [("lp-1", [(C, "My router keeps rebooting."), (A, "Hold reset for 10 seconds.")]),
         ("lp-2", [(C, "How do I change the Wi-Fi key?"), (A, "Wireless, Security, new key.")])]),
    shape("Genesys Cloud transcript phrases (participantPurpose)", "genesys.json", jdump(
        {"conversationId": "g-1", "transcripts": [{"transcriptId": "t-1", "phrases": [
            {"text": "Welcome to Acme.", "startTimeMs": 1700000000000, "participantPurpose": "acd"},
            {"text": "I cannot log in.", "startTimeMs": 1700000001000, "participantPurpose": "external"},
            {"text": "I reset your password.", "startTimeMs": 1700000030000, "participantPurpose": "internal"}]}]}),
        [("g-1", [(C, "I cannot log in."), (A, "I reset your password.")])]),
    shape("Salesforce ConversationEntry rows, CSV (ActorType EndUser/Chatbot/Agent/Supervisor)",
          "ConversationEntry.csv",
          "Id,ConversationId,ActorType,ActorName,Message,EntryTime\n"
          "0Mw1,0Mx1,EndUser,Ann,My card was declined.,2024-08-01T10:00:00Z\n"
          "0Mw2,0Mx1,Chatbot,Astro,Let me find an agent.,2024-08-01T10:00:05Z\n"
          "0Mw3,0Mx1,Agent,Kim,Approve it in your bank's app.,2024-08-01T10:02:00Z\n"
          "0Mw4,0Mx2,EndUser,Bo,Where is order 7781?,2024-08-02T10:00:00Z\n"
          "0Mw5,0Mx2,Supervisor,Lee,It ships tomorrow.,2024-08-02T10:03:00Z\n",
          [("0Mx1", [(C, "My card was declined."), (A, "Let me find an agent."), (A, "Approve it in your bank's app.")]),
           ("0Mx2", [(C, "Where is order 7781?"), (A, "It ships tomorrow.")])]),
    shape("HubSpot thread messages (direction, a COMMENT without one)", "hubspot.json", jdump({"results": [
        {"id": "h1", "type": "MESSAGE", "text": "Is the blue jacket in size M?", "direction": "INCOMING",
         "createdAt": "2024-07-01T10:00:00Z", "conversationsThreadId": "th1"},
        {"id": "h2", "type": "COMMENT", "text": "check the warehouse", "createdAt": "2024-07-01T10:01:00Z",
         "conversationsThreadId": "th1"},
        {"id": "h3", "type": "MESSAGE", "text": "Back in stock next week.", "direction": "OUTGOING",
         "createdAt": "2024-07-01T10:05:00Z", "conversationsThreadId": "th1"}]}),
        [("th1", [(C, "Is the blue jacket in size M?"), (A, "Back in stock next week.")])]),
    shape("Zoho Desk threads (direction in/out, author.type, HTML)", "zoho-desk.json", jdump({"data": [
        {"id": "t1", "direction": "in", "author": {"type": "END_USER"},
         "content": "<div>The March invoice is charged twice.</div>", "createdTime": "2024-03-02T10:00:00.000Z"},
        {"id": "t2", "direction": "out", "author": {"type": "AGENT"},
         "content": "<div>I refunded the second charge.</div>", "createdTime": "2024-03-02T11:00:00.000Z"}]}),
        [(None, [(C, "The March invoice is charged twice."), (A, "I refunded the second charge.")])]),
    shape("Amazon Connect chat transcript (ParticipantRole, events, a system message)", "connect.json", jdump(
        {"Version": "2019-08-26", "ContactId": "c-77", "Transcript": [
            {"Type": "EVENT", "ParticipantRole": "CUSTOMER", "Id": "e1"},
            {"Type": "MESSAGE", "Content": "I was charged twice.", "ParticipantRole": "CUSTOMER", "Id": "m1"},
            {"Type": "MESSAGE", "Content": "An agent will be with you shortly.", "ParticipantRole": "SYSTEM",
             "Id": "m2"},
            {"Type": "MESSAGE", "Content": "I refunded the second charge.", "ParticipantRole": "AGENT", "Id": "m3"}]}),
        [(None, [(C, "I was charged twice."), (A, "I refunded the second charge.")])]),
    shape("Gladly conversation items (initiator.type, a note)", "gladly.jsonl", "\n".join(json.dumps(r) for r in [
        {"id": "g1", "conversationId": "gc1", "timestamp": "2024-09-01T10:00:00Z",
         "initiator": {"type": "CUSTOMER"}, "content": {"type": "CHAT_MESSAGE", "content": "Is my warranty valid?"}},
        {"id": "g2", "conversationId": "gc1", "timestamp": "2024-09-01T10:03:00Z",
         "initiator": {"type": "AGENT"}, "content": {"type": "CHAT_MESSAGE", "content": "Yes, until 2025."}},
        {"id": "g3", "conversationId": "gc1", "timestamp": "2024-09-01T10:04:00Z",
         "initiator": {"type": "AGENT"}, "content": {"type": "CONVERSATION_NOTE", "body": "checked"}}]) + "\n",
        [("gc1", [(C, "Is my warranty valid?"), (A, "Yes, until 2025.")])]),
    shape("Drift messages (author.type contact/user)", "drift.json", jdump({"data": {"messages": [
        {"id": 1, "conversationId": 501, "body": "Does Pro include API access?",
         "author": {"id": 77, "type": "contact", "bot": False}, "type": "chat", "createdAt": 1700000000000},
        {"id": 2, "conversationId": 501, "body": "Yes, 10k calls a month.",
         "author": {"id": 5, "type": "user", "bot": False}, "type": "chat", "createdAt": 1700000060000}]}}),
        [("501", [(C, "Does Pro include API access?"), (A, "Yes, 10k calls a month.")])]),
    shape("Gorgias messages (from_agent, public false)", "gorgias.json", jdump({"data": [
        {"id": 11, "ticket_id": 300, "from_agent": False, "public": True, "body_text": "My parcel arrived damaged.",
         "created_datetime": "2024-06-01T10:00:00"},
        {"id": 12, "ticket_id": 300, "from_agent": True, "public": False, "body_text": "Refund approved",
         "created_datetime": "2024-06-01T10:05:00"},
        {"id": 13, "ticket_id": 300, "from_agent": True, "public": True, "body_text": "A replacement ships today.",
         "created_datetime": "2024-06-01T10:10:00"}]}),
        [("300", [(C, "My parcel arrived damaged."), (A, "A replacement ships today.")])]),
    shape("Front messages (is_inbound, HTML body)", "front.json", jdump({"_pagination": {"next": None}, "_results": [
        {"id": "msg_1", "type": "email", "is_inbound": True, "body": "<p>The PDF will not open.</p>",
         "text": "The PDF will not open.", "created_at": 1700000000.1},
        {"id": "msg_2", "type": "email", "is_inbound": False, "body": "<p>Try the Acrobat app.</p>",
         "text": "Try the Acrobat app.", "created_at": 1700000600.2}]}),
        [(None, [(C, "The PDF will not open."), (A, "Try the Acrobat app.")])]),
    shape("Kustomer messages (JSON:API: attributes, relationships)", "kustomer.json", jdump({"data": [
        {"type": "message", "id": "k1", "attributes": {"direction": "in", "preview": "My plan renewed anyway.",
                                                      "createdAt": "2024-07-01T10:00:00.000Z"},
         "relationships": {"conversation": {"data": {"type": "conversation", "id": "conv-1"}}}},
        {"type": "message", "id": "k2", "attributes": {"direction": "out", "preview": "I refunded the renewal.",
                                                      "createdAt": "2024-07-01T11:00:00.000Z"},
         "relationships": {"conversation": {"data": {"type": "conversation", "id": "conv-1"}}}}]}),
        [("conv-1", [(C, "My plan renewed anyway."), (A, "I refunded the renewal.")])]),
    shape("Jira Service Management issues (fields, Atlassian documents, jsdPublic comments)", "jira.json", jdump(
        {"startAt": 0, "total": 1, "issues": [
            {"expand": "renderedFields", "id": "10002", "key": "SUP-1",
             "self": "https://acme.atlassian.net/rest/api/3/issue/10002",
             "fields": {"summary": "VPN fails", "description": {"type": "doc", "version": 1, "content": [
                 {"type": "paragraph", "content": [{"type": "text", "text": "Error 809 since this morning."}]}]},
                 "reporter": {"accountId": "557058:ann", "displayName": "Ann Lee"},
                 "comment": {"comments": [
                     {"id": "100", "author": {"accountId": "5b10:kim"}, "jsdPublic": False,
                      "body": {"type": "doc", "version": 1, "content": [
                          {"type": "paragraph", "content": [{"type": "text", "text": "gateway logs checked"}]}]}},
                     {"id": "101", "author": {"accountId": "5b10:kim"}, "jsdPublic": True,
                      "body": {"type": "doc", "version": 1, "content": [
                          {"type": "paragraph", "content": [{"type": "text", "text": "Update to 5.4."}]}]}}],
                     "total": 2}}}]}),
        [("SUP-1", [(C, "VPN fails\n\nError 809 since this morning."), (A, "Update to 5.4.")])]),
    shape("Dynamics 365 e-mail activities (directioncode, _regardingobjectid_value)", "dynamics.json", jdump(
        {"@odata.context": "https://org.crm.dynamics.com/api/data/v9.2/$metadata#emails", "value": [
            {"activityid": "e1", "subject": "Late fee", "description": "<p>Why a late fee?</p>", "directioncode": False,
             "_regardingobjectid_value": "case-1", "createdon": "2024-03-01T10:00:00Z"},
            {"activityid": "e2", "subject": "RE: Late fee", "description": "<p>An error; removed.</p>",
             "directioncode": True, "_regardingobjectid_value": "case-1", "createdon": "2024-03-01T11:00:00Z"}]}),
        [("case-1", [(C, "Late fee\n\nWhy a late fee?"), (A, "An error; removed.")])]),
]

# Tables of one example per row in an envelope: compared by input and response (no turns).
ROW_SHAPES = [
    shape("Airtable records (fields)", "airtable.json", jdump({"records": [
        {"id": "recA1", "createdTime": "2024-01-01T10:00:00.000Z",
         "fields": {"Customer message": "My code does not work.", "Agent reply": "It expired.", "Category": "Billing"}},
        {"id": "recA2", "createdTime": "2024-01-02T10:00:00.000Z",
         "fields": {"Customer message": "How do I export?", "Agent reply": "Settings, Export.", "Category": "Account"}}],
        "offset": "itrX"}),
        [("recA1", [(C, "My code does not work."), (A, "It expired.")]),
         ("recA2", [(C, "How do I export?"), (A, "Settings, Export.")])]),
]


def run(binary, directory, shape_):
    store = os.path.join(directory, "store-" + shape_["file"].replace(".", "-"))
    os.makedirs(store, exist_ok=True)
    source = os.path.join(directory, shape_["file"])
    with open(source, "w", encoding="utf-8") as out:
        out.write(shape_["text"])
    subprocess.run([binary, "init"], cwd=store, capture_output=True, check=True)
    subprocess.run([binary, "import", source], cwd=store, capture_output=True)
    listed = subprocess.run([binary, "list", "--json", "--limit", "100"], cwd=store, capture_output=True, text=True)
    try:
        examples = json.loads(listed.stdout)["examples"]
    except (ValueError, KeyError):
        return False, "no examples listed"
    got = [(e.get("ticket_id"), [(m["role"], m["content"]) for m in e.get("messages") or []]
            or [(C, e.get("input")), (A, e.get("response"))]) for e in examples]
    expected = [(ticket, turns) for ticket, turns in shape_["expected"]]
    if len(got) != len(expected):
        return False, f"{len(got)} examples, {len(expected)} expected"
    for (ticket, turns), (want_ticket, want_turns) in zip(got, expected):
        if turns != want_turns:
            return False, f"turns {turns} for {want_turns}"
        if want_ticket is not None and str(ticket) != want_ticket:
            return False, f"ticket id {ticket} for {want_ticket}"
    return True, ""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binaries", nargs="+")
    parser.add_argument("--work-directory")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    root = args.work_directory or tempfile.mkdtemp(prefix="winnow-shapes-")
    results = {}
    for index, binary in enumerate(args.binaries):
        directory = os.path.join(root, f"build{index}")
        os.makedirs(directory, exist_ok=True)
        results[binary] = [run(os.path.abspath(binary), directory, s) for s in SHAPES + ROW_SHAPES]
    if args.json:
        print(json.dumps({"shapes": [s["name"] for s in SHAPES + ROW_SHAPES],
                          "builds": {b: [{"right": ok, "why": why} for ok, why in r] for b, r in results.items()}}))
        return
    print("| shape | " + " | ".join(args.binaries) + " |")
    print("|---|" + "---|" * len(args.binaries))
    for index, s in enumerate(SHAPES + ROW_SHAPES):
        cells = ["right" if results[b][index][0] else "wrong: " + results[b][index][1][:80] for b in args.binaries]
        print(f"| {s['name']} | " + " | ".join(cells) + " |")
    for binary in args.binaries:
        print(f"{binary}: {sum(ok for ok, _ in results[binary])} of {len(SHAPES + ROW_SHAPES)} right", file=sys.stderr)


if __name__ == "__main__":
    main()
