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

# A second set: open-source helpdesks, chat bots' and contact centres' logs, personal messaging exports.
MORE_SHAPES = [
    shape("Chatwoot messages (message_type 0/1/2, private, sender.type)", "chatwoot.json", jdump({"meta": {}, "payload": [
        {"id": 1, "conversation_id": 11, "message_type": 0, "private": False, "content": "My invoice shows the wrong VAT number.",
         "created_at": 1700000000, "sender": {"id": 5, "name": "Ana", "type": "contact"}},
        {"id": 2, "conversation_id": 11, "message_type": 2, "private": False, "content": "Conversation was assigned to Sam",
         "created_at": 1700000010},
        {"id": 3, "conversation_id": 11, "message_type": 1, "private": True, "content": "second VAT complaint this week",
         "created_at": 1700000020, "sender": {"id": 9, "name": "Sam", "type": "user"}},
        {"id": 4, "conversation_id": 11, "message_type": 1, "private": False,
         "content": "Fixed: download it again from Billing.", "created_at": 1700000060,
         "sender": {"id": 9, "name": "Sam", "type": "user"}},
        {"id": 5, "conversation_id": 12, "message_type": 0, "private": False, "content": "Do you ship to Norway?",
         "created_at": 1700000100, "sender": {"id": 6, "name": "Per", "type": "contact"}},
        {"id": 6, "conversation_id": 12, "message_type": 1, "private": False, "content": "Yes, in 3 to 5 days.",
         "created_at": 1700000160, "sender": {"id": 9, "name": "Sam", "type": "user"}}]}),
        [("11", [(C, "My invoice shows the wrong VAT number."), (A, "Fixed: download it again from Billing.")]),
         ("12", [(C, "Do you ship to Norway?"), (A, "Yes, in 3 to 5 days.")])]),
    shape("Zammad ticket articles (sender Customer/Agent/System, internal)", "zammad.json", jdump([
        {"id": 101, "ticket_id": 7, "type": "email", "sender": "Customer", "internal": False, "from": "lee@example.com",
         "content_type": "text/plain", "body": "The app logs me out every hour.", "created_at": "2024-03-01T09:00:00.000Z"},
        {"id": 102, "ticket_id": 7, "type": "note", "sender": "Agent", "internal": True, "from": "Kim Agent",
         "content_type": "text/plain", "body": "session bug, see ENG-12", "created_at": "2024-03-01T09:05:00.000Z"},
        {"id": 103, "ticket_id": 7, "type": "email", "sender": "Agent", "internal": False, "from": "Kim Agent",
         "content_type": "text/html", "body": "<div>Update to 4.2; it keeps you signed in.</div>",
         "created_at": "2024-03-01T09:30:00.000Z"},
        {"id": 104, "ticket_id": 7, "type": "note", "sender": "System", "internal": False, "from": "System",
         "content_type": "text/plain", "body": "Ticket closed by trigger", "created_at": "2024-03-01T10:00:00.000Z"},
        {"id": 105, "ticket_id": 8, "type": "web", "sender": "Customer", "internal": False, "from": "mo@example.com",
         "content_type": "text/plain", "body": "Where do I find my API key?", "created_at": "2024-03-02T09:00:00.000Z"},
        {"id": 106, "ticket_id": 8, "type": "web", "sender": "Agent", "internal": False, "from": "Kim Agent",
         "content_type": "text/plain", "body": "Profile, Token Access.", "created_at": "2024-03-02T09:10:00.000Z"}]),
        [("7", [(C, "The app logs me out every hour."), (A, "Update to 4.2; it keeps you signed in.")]),
         ("8", [(C, "Where do I find my API key?"), (A, "Profile, Token Access.")])]),
    shape("OTRS/Znuny tickets (Article list, SenderType, IsVisibleForCustomer)", "otrs.json", jdump({"Ticket": [
        {"TicketID": "31", "TicketNumber": "2024030110000031", "Title": "Refund", "Article": [
            {"ArticleID": "1", "SenderType": "customer", "IsVisibleForCustomer": 1, "CommunicationChannel": "Email",
             "Subject": "Refund", "Body": "I was charged twice for March.", "CreateTime": "2024-03-01 09:00:00"},
            {"ArticleID": "2", "SenderType": "agent", "IsVisibleForCustomer": 0, "CommunicationChannel": "Internal",
             "Subject": "Note", "Body": "duplicate charge confirmed", "CreateTime": "2024-03-01 09:10:00"},
            {"ArticleID": "3", "SenderType": "agent", "IsVisibleForCustomer": 1, "CommunicationChannel": "Email",
             "Subject": "RE: Refund", "Body": "We refunded the second charge.", "CreateTime": "2024-03-01 09:20:00"}]},
        {"TicketID": "32", "TicketNumber": "2024030110000032", "Title": "Login", "Article": [
            {"ArticleID": "4", "SenderType": "customer", "IsVisibleForCustomer": 1, "CommunicationChannel": "Email",
             "Subject": "Login", "Body": "The reset link has expired.", "CreateTime": "2024-03-02 09:00:00"},
            {"ArticleID": "5", "SenderType": "agent", "IsVisibleForCustomer": 1, "CommunicationChannel": "Email",
             "Subject": "RE: Login", "Body": "Here is a new one, valid for a day.", "CreateTime": "2024-03-02 09:05:00"}]}]}),
        [("31", [(C, "Refund\n\nI was charged twice for March."), (A, "We refunded the second charge.")]),
         ("32", [(C, "Login\n\nThe reset link has expired."), (A, "Here is a new one, valid for a day.")])]),
    shape("FreeScout conversations (threads newest first, type customer/message/note)", "freescout.json", jdump(
        {"_embedded": {"conversations": [
            {"id": 41, "number": 141, "subject": "Invoice", "_embedded": {"threads": [
                {"id": 3, "type": "message", "body": "Sent again to your billing address.",
                 "createdBy": {"id": 2, "type": "user"}, "createdAt": "2024-05-01T10:10:00Z"},
                {"id": 2, "type": "note", "body": "resend invoice", "createdBy": {"id": 2, "type": "user"},
                 "createdAt": "2024-05-01T10:05:00Z"},
                {"id": 1, "type": "customer", "body": "I never got the April invoice.",
                 "createdBy": {"id": 7, "type": "customer"}, "createdAt": "2024-05-01T10:00:00Z"}]}},
            {"id": 42, "number": 142, "subject": "Seats", "_embedded": {"threads": [
                {"id": 5, "type": "message", "body": "Done, you have 12 seats now.",
                 "createdBy": {"id": 2, "type": "user"}, "createdAt": "2024-05-02T10:10:00Z"},
                {"id": 4, "type": "customer", "body": "Please add two seats to our plan.",
                 "createdBy": {"id": 8, "type": "customer"}, "createdAt": "2024-05-02T10:00:00Z"}]}}]}}),
        [("41", [(C, "Invoice\n\nI never got the April invoice."), (A, "Sent again to your billing address.")]),
         ("42", [(C, "Seats\n\nPlease add two seats to our plan."), (A, "Done, you have 12 seats now.")])]),
    shape("Olark transcripts, one per line (MessageToOperator/MessageToVisitor)", "olark.jsonl", "\n".join(json.dumps(r) for r in [
        {"kind": "Conversation", "id": "EV1", "items": [
            {"kind": "MessageToVisitor", "nickname": "John", "timestamp": "1307116657.1", "body": "Hi there. Need any help?",
             "operatorId": "1234"},
            {"kind": "MessageToOperator", "nickname": "Bob", "timestamp": "1307116661.25",
             "body": "Yes, my card was declined."},
            {"kind": "MessageToVisitor", "nickname": "John", "timestamp": "1307116670.0",
             "body": "Your bank blocked it; call them.", "operatorId": "1234"}],
         "visitor": {"kind": "Visitor", "id": "V1", "fullName": "Bob Doe"},
         "operators": {"1234": {"kind": "Operator", "id": "1234", "nickname": "John"}}},
        {"kind": "Conversation", "id": "EV2", "items": [
            {"kind": "MessageToOperator", "nickname": "Ann", "timestamp": "1307117000.0", "body": "Is there a phone line?"},
            {"kind": "MessageToVisitor", "nickname": "John", "timestamp": "1307117010.0", "body": "Yes, 0800 123 456.",
             "operatorId": "1234"}],
         "visitor": {"kind": "Visitor", "id": "V2", "fullName": "Ann Roe"},
         "operators": {"1234": {"kind": "Operator", "id": "1234", "nickname": "John"}}}]) + "\n",
        [("EV1", [(A, "Hi there. Need any help?"), (C, "Yes, my card was declined."), (A, "Your bank blocked it; call them.")]),
         ("EV2", [(C, "Is there a phone line?"), (A, "Yes, 0800 123 456.")])]),
    shape("Rasa tracker store, one tracker per line (events user/bot/action)", "rasa.jsonl", "\n".join(json.dumps(r) for r in [
        {"sender_id": "u-1", "events": [
            {"event": "action", "name": "action_session_start", "timestamp": 1700000000.0},
            {"event": "session_started", "timestamp": 1700000000.1},
            {"event": "user", "text": "what is my balance", "timestamp": 1700000001.0,
             "parse_data": {"intent": {"name": "check_balance", "confidence": 0.98}}},
            {"event": "action", "name": "utter_balance", "timestamp": 1700000001.5},
            {"event": "bot", "text": "Your balance is in the app under Accounts.", "timestamp": 1700000001.6},
            {"event": "action", "name": "action_listen", "timestamp": 1700000001.7}]},
        {"sender_id": "u-2", "events": [
            {"event": "user", "text": "block my card", "timestamp": 1700000100.0,
             "parse_data": {"intent": {"name": "block_card", "confidence": 0.95}}},
            {"event": "bot", "text": "Done: your card is blocked.", "timestamp": 1700000100.5},
            {"event": "action", "name": "action_listen", "timestamp": 1700000100.6}]}]) + "\n",
        [("u-1", [(C, "what is my balance"), (A, "Your balance is in the app under Accounts.")]),
         ("u-2", [(C, "block my card"), (A, "Done: your card is blocked.")])]),
    shape("Bot Framework transcript (activities, from.role user/bot, typing)", "support.transcript", jdump([
        {"type": "conversationUpdate", "id": "a0", "timestamp": "2024-06-01T10:00:00.000Z",
         "from": {"id": "u1", "name": "User", "role": "user"}, "conversation": {"id": "conv-9"},
         "membersAdded": [{"id": "u1"}]},
        {"type": "message", "id": "a1", "timestamp": "2024-06-01T10:00:05.000Z", "channelId": "emulator",
         "from": {"id": "u1", "name": "User", "role": "user"}, "conversation": {"id": "conv-9"},
         "recipient": {"id": "bot", "name": "Bot", "role": "bot"}, "text": "How do I reset my password?"},
        {"type": "typing", "id": "a2", "timestamp": "2024-06-01T10:00:06.000Z",
         "from": {"id": "bot", "name": "Bot", "role": "bot"}, "conversation": {"id": "conv-9"}},
        {"type": "message", "id": "a3", "timestamp": "2024-06-01T10:00:07.000Z", "channelId": "emulator",
         "from": {"id": "bot", "name": "Bot", "role": "bot"}, "conversation": {"id": "conv-9"},
         "recipient": {"id": "u1", "role": "user"}, "text": "Use Forgot password on the sign-in page."}]),
        [("conv-9", [(C, "How do I reset my password?"), (A, "Use Forgot password on the sign-in page.")])]),
    shape("Contact Lens analysis (Participants, Transcript with ParticipantId)", "contact-lens.json", jdump({
        "Version": "1.1.0", "AccountId": "123456789012", "Channel": "VOICE", "JobStatus": "COMPLETED",
        "LanguageCode": "en-US", "CustomerMetadata": {"ContactId": "c-77", "InstanceId": "i-1"},
        "Participants": [{"ParticipantId": "CUSTOMER", "ParticipantRole": "CUSTOMER"},
                         {"ParticipantId": "AGENT", "ParticipantRole": "AGENT"}],
        "Transcript": [
            {"Id": "t1", "ParticipantId": "AGENT", "Content": "Thanks for calling, how can I help?",
             "BeginOffsetMillis": 0, "EndOffsetMillis": 2000, "Sentiment": "NEUTRAL"},
            {"Id": "t2", "ParticipantId": "CUSTOMER", "Content": "My router keeps dropping the connection.",
             "BeginOffsetMillis": 2500, "EndOffsetMillis": 5000, "Sentiment": "NEGATIVE"},
            {"Id": "t3", "ParticipantId": "AGENT", "Content": "Let us update its firmware together.",
             "BeginOffsetMillis": 5500, "EndOffsetMillis": 8000, "Sentiment": "POSITIVE"}]}),
        [(None, [(A, "Thanks for calling, how can I help?"), (C, "My router keeps dropping the connection."),
                   (A, "Let us update its firmware together.")])]),
    shape("Contact Center AI Insights conversation (transcriptSegments, segmentParticipant.role)", "ccai.json", jdump({
        "name": "projects/p1/locations/us-central1/conversations/cv-5", "medium": "CHAT",
        "transcript": {"transcriptSegments": [
            {"text": "Hello, I cannot find my order.", "channelTag": 2, "messageTime": "2024-07-01T10:00:00Z",
             "segmentParticipant": {"role": "END_USER"}},
            {"text": "Let me look it up: it ships today.", "channelTag": 1, "messageTime": "2024-07-01T10:00:30Z",
             "segmentParticipant": {"role": "HUMAN_AGENT"}}]}}),
        [(None, [(C, "Hello, I cannot find my order."), (A, "Let me look it up: it ships today.")])]),
    shape("Microsoft Teams chat messages (from.user / from.application, a system event)", "teams.json", jdump({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#chats('19%3Aabc')/messages", "value": [
            {"id": "1717000000003", "messageType": "message", "createdDateTime": "2024-06-01T10:00:03Z",
             "chatId": "19:abc", "from": {"application": {"id": "bot1", "displayName": "Helpdesk Bot",
                                                          "applicationIdentityType": "bot"}, "user": None},
             "body": {"contentType": "html", "content": "<p>Open the VPN app and sign in again.</p>"}},
            {"id": "1717000000002", "messageType": "systemEventMessage", "createdDateTime": "2024-06-01T10:00:02Z",
             "chatId": "19:abc", "from": None, "body": {"contentType": "html", "content": "<systemEventMessage/>"}},
            {"id": "1717000000001", "messageType": "message", "createdDateTime": "2024-06-01T10:00:01Z",
             "chatId": "19:abc", "from": {"user": {"id": "u1", "displayName": "Rita Diaz"}, "application": None},
             "body": {"contentType": "text", "content": "The VPN says my session expired."}}]}),
        [("19:abc", [(C, "The VPN says my session expired."), (A, "Open the VPN app and sign in again.")])]),
    shape("Zendesk Chat history rows, CSV (chat_id, sender_type Visitor/Agent, type chat.msg)", "zendesk-chat.csv",
          "chat_id,index,timestamps,type,name,sender_type,msg\n"
          "1707.1,0,2024-02-01T10:00:00Z,chat.memberjoin,Visitor 1,Visitor,\n"
          "1707.1,1,2024-02-01T10:00:05Z,chat.msg,Visitor 1,Visitor,My discount code is refused.\n"
          "1707.1,2,2024-02-01T10:00:30Z,chat.msg,Sam,Agent,It ended yesterday; here is a new one.\n"
          "1707.1,3,2024-02-01T10:01:00Z,chat.memberleave,Visitor 1,Visitor,\n"
          "1707.2,0,2024-02-02T10:00:05Z,chat.msg,Visitor 2,Visitor,Can I change my delivery slot?\n"
          "1707.2,1,2024-02-02T10:00:40Z,chat.msg,Sam,Agent,\"Yes, under Orders.\"\n",
          [("1707.1", [(C, "My discount code is refused."), (A, "It ended yesterday; here is a new one.")]),
           ("1707.2", [(C, "Can I change my delivery slot?"), (A, "Yes, under Orders.")])]),
    shape("Telegram chat export (result.json, a service message, text parts)", "result.json", jdump({
        "name": "Nora Lind", "type": "personal_chat", "id": 5501, "messages": [
            {"id": 1, "type": "message", "date": "2024-04-01T10:00:00", "date_unixtime": "1711965600",
             "from": "Nora Lind", "from_id": "user5501", "text": "My parcel says delivered but it is not here.",
             "text_entities": [{"type": "plain", "text": "My parcel says delivered but it is not here."}]},
            {"id": 2, "type": "service", "date": "2024-04-01T10:00:30", "actor": "Acme Support",
             "actor_id": "user900", "action": "pin_message", "message_id": 1, "text": ""},
            {"id": 3, "type": "message", "date": "2024-04-01T10:01:00", "date_unixtime": "1711965660",
             "from": "Acme Support", "from_id": "user900",
             "text": ["Please file a claim at ", {"type": "link", "text": "https://acme.example/claim"}, "."],
             "text_entities": [{"type": "plain", "text": "Please file a claim at "},
                               {"type": "link", "text": "https://acme.example/claim"}, {"type": "plain", "text": "."}]}]}),
        [(None, [(C, "My parcel says delivered but it is not here."),
                 (A, "Please file a claim at https://acme.example/claim.")])]),
    shape("Messenger download (participants, messages newest first, sender_name)", "message_1.json", jdump({
        "participants": [{"name": "Jo Park"}, {"name": "Acme Shop"}],
        "messages": [
            {"sender_name": "Acme Shop", "timestamp_ms": 1712000060000, "content": "Yes, until 8 pm on weekdays.",
             "is_geoblocked_for_viewer": False},
            {"sender_name": "Jo Park", "timestamp_ms": 1712000000000, "content": "Are you open late on Fridays?",
             "is_geoblocked_for_viewer": False}],
        "title": "Jo Park", "is_still_participant": True, "thread_path": "inbox/jopark_10223"}),
        [(None, [(C, "Are you open late on Fridays?"), (A, "Yes, until 8 pm on weekdays.")])]),
    shape("LiveChat chats (users with type, thread events by author_id, an agents-only message)", "livechat.json", jdump(
        {"chats_summary": [], "chats": [
            {"id": "PJ0MRSHTDG", "users": [{"id": "cust-1", "type": "customer", "name": "Ella"},
                                            {"id": "sam@acme.io", "type": "agent", "name": "Sam"}],
             "thread": {"id": "K600PKZON8", "events": [
                 {"id": "e1", "type": "message", "author_id": "cust-1", "text": "How long is the warranty?",
                  "created_at": "2024-09-01T10:00:00.000000Z", "visibility": "all"},
                 {"id": "e2", "type": "message", "author_id": "sam@acme.io", "text": "check plan",
                  "created_at": "2024-09-01T10:00:20.000000Z", "visibility": "agents"},
                 {"id": "e3", "type": "message", "author_id": "sam@acme.io", "text": "Two years from purchase.",
                  "created_at": "2024-09-01T10:00:40.000000Z", "visibility": "all"},
                 {"id": "e4", "type": "system_message", "text": "Chat closed by agent",
                  "created_at": "2024-09-01T10:01:00.000000Z", "visibility": "all"}]}}]}),
        [("PJ0MRSHTDG", [(C, "How long is the warranty?"), (A, "Two years from purchase.")])]),
    shape("Twilio message log, CSV (From, To, Direction, SentDate; no conversation id)", "twilio-sms.csv",
          "From,To,Body,Status,SentDate,ApiVersion,NumSegments,ErrorCode,AccountSid,Sid,Direction,Price,PriceUnit\n"
          "+15551230001,+15559990000,My order 1182 never arrived,received,2024-03-01T10:00:00-08:00,2010-04-01,1,0,"
          "AC1,SM1,inbound,-0.0079,USD\n"
          "+15559990000,+15551230001,It is at the depot and arrives tomorrow.,delivered,2024-03-01T10:02:00-08:00,"
          "2010-04-01,1,0,AC1,SM2,outbound-reply,-0.0079,USD\n"
          "+15551230002,+15559990000,Can I change my delivery address?,received,2024-03-01T11:00:00-08:00,2010-04-01,"
          "1,0,AC1,SM3,inbound,-0.0079,USD\n"
          "+15559990000,+15551230002,Yes: reply with the new address.,delivered,2024-03-01T11:01:00-08:00,2010-04-01,"
          "1,0,AC1,SM4,outbound-api,-0.0079,USD\n",
          [("+15551230001 2024-03-01", [(C, "My order 1182 never arrived"),
                                        (A, "It is at the depot and arrives tomorrow.")]),
           ("+15551230002 2024-03-01", [(C, "Can I change my delivery address?"),
                                        (A, "Yes: reply with the new address.")])]),
    shape("Twilio Messages API list (messages newest first, from/to, direction)", "twilio-messages.json", jdump({
        "first_page_uri": "/2010-04-01/Accounts/AC1/Messages.json?PageSize=50&Page=0", "next_page_uri": None,
        "page": 0, "page_size": 50, "messages": [
            {"sid": "SM4", "from": "+15559990000", "to": "+15551230002", "body": "Yes: reply with the new address.",
             "direction": "outbound-api", "date_sent": "Fri, 01 Mar 2024 19:01:00 +0000", "status": "delivered"},
            {"sid": "SM3", "from": "+15551230002", "to": "+15559990000", "body": "Can I change my delivery address?",
             "direction": "inbound", "date_sent": "Fri, 01 Mar 2024 19:00:00 +0000", "status": "received"},
            {"sid": "SM2", "from": "+15559990000", "to": "+15551230001", "body": "It arrives tomorrow.",
             "direction": "outbound-reply", "date_sent": "Fri, 01 Mar 2024 18:02:00 +0000", "status": "delivered"},
            {"sid": "SM1", "from": "+15551230001", "to": "+15559990000", "body": "My order 1182 never arrived",
             "direction": "inbound", "date_sent": "Fri, 01 Mar 2024 18:00:00 +0000", "status": "received"}]}),
        [("+15551230002 2024-03-01", [(C, "Can I change my delivery address?"), (A, "Yes: reply with the new address.")]),
         ("+15551230001 2024-03-01", [(C, "My order 1182 never arrived"), (A, "It arrives tomorrow.")])]),
    shape("Brevo messages collected from its webhooks (type visitor/agent, visitorId on both)", "brevo.json", jdump([
        {"id": "b1", "type": "visitor", "text": "Is the sale still on?", "visitorId": "vis-1",
         "createdAt": 1711965600000},
        {"id": "b2", "type": "agent", "text": "Until Sunday.", "visitorId": "vis-1", "agentId": "ag1",
         "agentName": "Lou", "createdAt": 1711965660000},
        {"id": "b3", "type": "visitor", "text": "Do you ship to Malta?", "visitorId": "vis-2",
         "createdAt": 1711965700000},
        {"id": "b4", "type": "agent", "text": "Yes, in a week.", "visitorId": "vis-2", "agentId": "ag1",
         "agentName": "Lou", "createdAt": 1711965760000}]),
        [("vis-1 2024-04-01", [(C, "Is the sale still on?"), (A, "Until Sunday.")]),
         ("vis-2 2024-04-01", [(C, "Do you ship to Malta?"), (A, "Yes, in a week.")])]),
    shape("ServiceNow journal entries, CSV (sys_journal_field: element_id, work_notes, sys_created_by)",
          "sys_journal_field.csv",
          "element_id,element,name,value,sys_created_by,sys_created_on\n"
          "a1f3,comments,incident,My laptop will not connect to the VPN since this morning.,jane.doe,2024-03-01 09:00:00\n"
          "a1f3,work_notes,incident,Checked logs: expired certificate.,it.sam,2024-03-01 09:10:00\n"
          "a1f3,comments,incident,Your certificate was renewed; please restart the VPN client.,it.sam,2024-03-01 09:20:00\n"
          "b2e4,comments,incident,Outlook asks for my password every hour.,john.roe,2024-03-02 09:00:00\n"
          "b2e4,comments,incident,We reset your profile; it should stop now.,it.sam,2024-03-02 09:30:00\n",
          [("a1f3", [(C, "My laptop will not connect to the VPN since this morning."),
                     (A, "Your certificate was renewed; please restart the VPN client.")]),
           ("b2e4", [(C, "Outlook asks for my password every hour."), (A, "We reset your profile; it should stop now.")])]),
    shape("GitHub issue comments (author_association, issue_url)", "gh-comments.json", jdump([
        {"id": 1, "issue_url": "https://api.github.com/repos/acme/tool/issues/42", "user": {"login": "alice"},
         "author_association": "NONE", "body": "The CLI crashes when the config file is empty.",
         "created_at": "2024-04-01T10:00:00Z"},
        {"id": 2, "issue_url": "https://api.github.com/repos/acme/tool/issues/42", "user": {"login": "maintainer1"},
         "author_association": "MEMBER", "body": "Thanks, fixed in 2.3.1.", "created_at": "2024-04-01T11:00:00Z"},
        {"id": 3, "issue_url": "https://api.github.com/repos/acme/tool/issues/43", "user": {"login": "bob"},
         "author_association": "CONTRIBUTOR", "body": "Is Windows supported?", "created_at": "2024-04-02T10:00:00Z"},
        {"id": 4, "issue_url": "https://api.github.com/repos/acme/tool/issues/43", "user": {"login": "maintainer1"},
         "author_association": "OWNER", "body": "Yes, from version 2.0.", "created_at": "2024-04-02T11:00:00Z"}]),
        [("https://api.github.com/repos/acme/tool/issues/42", [(C, "The CLI crashes when the config file is empty."),
                                                              (A, "Thanks, fixed in 2.3.1.")]),
         ("https://api.github.com/repos/acme/tool/issues/43", [(C, "Is Windows supported?"),
                                                              (A, "Yes, from version 2.0.")])]),
    shape("GitHub issue with its comments (gh issue view --json: body, authorAssociation)", "gh-issue.json", jdump({
        "author": {"login": "alice"}, "authorAssociation": "NONE", "number": 42,
        "title": "CLI crashes on an empty config", "body": "The CLI crashes when the config file is empty.",
        "comments": [
            {"author": {"login": "maintainer1"}, "authorAssociation": "MEMBER", "body": "Which version?"},
            {"author": {"login": "alice"}, "authorAssociation": "NONE", "body": "2.3.0 on Linux."},
            {"author": {"login": "maintainer1"}, "authorAssociation": "MEMBER", "body": "Thanks, fixed in 2.3.1."}]}),
        [(None, [(C, "CLI crashes on an empty config\n\nThe CLI crashes when the config file is empty."),
                 (A, "Which version?"), (C, "2.3.0 on Linux."), (A, "Thanks, fixed in 2.3.1.")])]),
    shape("Intercom webhook events, one per line (topic, data.item the conversation)", "intercom-events.jsonl",
          "\n".join(json.dumps({"type": "notification_event", "app_id": "abc", "id": f"notif_{n}",
                                 "topic": "conversation.admin.closed", "created_at": 1711965800 + n,
                                 "data": {"type": "notification_event_data", "item": {
                                     "type": "conversation", "id": str(100 + n),
                                     "source": {"type": "conversation", "body": f"<p>{ask}</p>",
                                                "author": {"type": "user", "id": f"u{n}"}},
                                     "conversation_parts": {"type": "conversation_part.list", "conversation_parts": [
                                         {"type": "conversation_part", "part_type": "comment", "body": f"<p>{answer}</p>",
                                          "author": {"type": "admin", "id": "ad1"}},
                                         {"type": "conversation_part", "part_type": "close", "body": None,
                                          "author": {"type": "admin", "id": "ad1"}}]}}}})
                    for n, ask, answer in [(1, "My invoice is wrong.", "Fixed, see the new one."),
                                           (2, "Can I get a receipt?", "Sent to your e-mail.")]) + "\n",
          [("101", [(C, "My invoice is wrong."), (A, "Fixed, see the new one.")]),
           ("102", [(C, "Can I get a receipt?"), (A, "Sent to your e-mail.")])]),
    shape("Crisp webhook events, one per line (event message:send/received, data the message)", "crisp-events.jsonl",
          "\n".join(json.dumps({"website_id": "w1", "event": event, "timestamp": 1711965600001 + n,
                                 "data": {"website_id": "w1", "session_id": session, "type": "text", "from": side,
                                          "origin": "chat", "content": text, "timestamp": 1711965600000 + n}})
                    for n, (session, side, text, event) in enumerate([
                        ("session_a", "user", "Can my invoice name my company?", "message:send"),
                        ("session_a", "operator", "Yes: Billing, Company.", "message:received"),
                        ("session_b", "user", "Is there a student discount?", "message:send"),
                        ("session_b", "operator", "Yes, 30% off.", "message:received")])) + "\n",
          [("session_a", [(C, "Can my invoice name my company?"), (A, "Yes: Billing, Company.")]),
           ("session_b", [(C, "Is there a student discount?"), (A, "Yes, 30% off.")])]),
    shape("osTicket thread entries, CSV (type M/R/N, poster)", "ost_thread_entry.csv",
          "id,thread_id,staff_id,user_id,type,poster,body,format,created\n"
          "1,21,0,4,M,Lina Berg,My invoice lists the wrong company name.,text,2024-01-10 09:00:00\n"
          "2,21,2,0,N,Kim Agent,check the CRM record,text,2024-01-10 09:05:00\n"
          "3,21,2,0,R,Kim Agent,Corrected; the new invoice is attached.,text,2024-01-10 09:20:00\n"
          "4,22,0,5,M,Omar Haddad,How do I close my account?,text,2024-01-11 09:00:00\n"
          "5,22,2,0,R,Kim Agent,\"Write to us from the account's address, and we close it.\",text,2024-01-11 09:10:00\n",
          [("21", [(C, "My invoice lists the wrong company name."), (A, "Corrected; the new invoice is attached.")]),
           ("22", [(C, "How do I close my account?"), (A, "Write to us from the account's address, and we close it.")])]),
]


def telnyx_event(number, event_type, message_id, customer, inbound, text, time):
    """A Telnyx messaging webhook's delivery as a log of them keeps it: the event in `data`, the message in its
    `payload`, the sender an object, the recipients a list of them."""
    business = {"phone_number": "+18445550001", "carrier": "TELNYX LLC", "line_type": "VoIP"}
    person = {"phone_number": customer, "carrier": "T-MOBILE USA, INC.", "line_type": "Wireless"}
    payload = {"record_type": "message", "direction": "inbound" if inbound else "outbound", "id": message_id,
               "type": "SMS", "messaging_profile_id": "0f512bda", "from": person if inbound else business,
               "to": [dict(business if inbound else person, status="delivered" if inbound else "sent")], "cc": [],
               "text": text, "media": [], "encoding": "GSM-7", "parts": 1, "tags": [],
               "received_at": time if inbound else None, "sent_at": None if inbound else time,
               "completed_at": time if event_type == "message.finalized" else None}
    return {"data": {"record_type": "event", "id": f"ev-{number}", "event_type": event_type, "occurred_at": time,
                     "payload": payload}, "meta": {"attempt": 1, "delivered_to": "https://example.com/hooks"}}


# Two customers' messages to a Telnyx number and the answers, as events: (number, event type, message id, customer,
# inbound, text, time); each answer delivered twice, `message.sent` then `message.finalized`.
TELNYX_EVENTS = [
    (1, "message.received", "m1", "+13125550101", True, "Hi, my order 1234 has not arrived", "2024-03-01T10:00:00.000Z"),
    (2, "message.received", "m3", "+13125550202", True, "How do I reset my password?", "2024-03-01T10:01:00.000Z"),
    (3, "message.sent", "m2", "+13125550101", False, "Sorry! It ships tomorrow.", "2024-03-01T10:05:00.000Z"),
    (4, "message.finalized", "m2", "+13125550101", False, "Sorry! It ships tomorrow.", "2024-03-01T10:05:00.000Z"),
    (5, "message.sent", "m4", "+13125550202", False, "Use the link on the sign-in page.", "2024-03-01T10:06:00.000Z"),
    (6, "message.finalized", "m4", "+13125550202", False, "Use the link on the sign-in page.",
     "2024-03-01T10:06:00.000Z"),
]
TELNYX_EXPECTED = [
    ("+13125550101 2024-03-01", [(C, "Hi, my order 1234 has not arrived"), (A, "Sorry! It ships tomorrow.")]),
    ("+13125550202 2024-03-01", [(C, "How do I reset my password?"), (A, "Use the link on the sign-in page.")]),
]

# Message logs of SMS APIs that write their senders and recipients as objects, deliver a message twice (sent, then
# finalized), or keep a message's time in a field of its side.
SMS_SHAPES = [
    shape("Telnyx messaging webhooks, one event a line (data.payload; message.sent then message.finalized)",
          "telnyx-events.jsonl", "".join(json.dumps(telnyx_event(*event)) + "\n" for event in TELNYX_EVENTS),
          TELNYX_EXPECTED),
    shape("Telnyx messages (the events' payloads in a list: from object, to list, received_at or sent_at)",
          "telnyx-messages.json", jdump({"data": [
              telnyx_event(*event)["data"]["payload"] for event in TELNYX_EVENTS if event[1] != "message.finalized"]}),
          TELNYX_EXPECTED),
    shape("Vonage Messages API v0.1, inbound and outbound (from/to objects, message.content.text)", "vonage.jsonl",
          "".join(json.dumps(record) + "\n" for record in [
              {"message_uuid": "u1", "to": {"type": "sms", "number": "447700900000"},
               "from": {"type": "sms", "number": "447700900001"}, "timestamp": "2024-03-01T10:00:00.000Z",
               "direction": "inbound", "message": {"content": {"type": "text", "text": "My parcel is late"}}},
              {"message_uuid": "u2", "to": {"type": "sms", "number": "447700900001"},
               "from": {"type": "sms", "number": "447700900000"}, "timestamp": "2024-03-01T10:03:00.000Z",
               "direction": "outbound",
               "message": {"content": {"type": "text", "text": "It arrives Monday, sorry for the wait."}}},
              {"message_uuid": "u3", "to": {"type": "sms", "number": "447700900000"},
               "from": {"type": "sms", "number": "447700900002"}, "timestamp": "2024-03-01T11:00:00.000Z",
               "direction": "inbound", "message": {"content": {"type": "text", "text": "Can I pay by invoice?"}}},
              {"message_uuid": "u4", "to": {"type": "sms", "number": "447700900002"},
               "from": {"type": "sms", "number": "447700900000"}, "timestamp": "2024-03-01T11:04:00.000Z",
               "direction": "outbound",
               "message": {"content": {"type": "text", "text": "Yes, for orders over 100 pounds."}}}]),
          [("+447700900001 2024-03-01", [(C, "My parcel is late"), (A, "It arrives Monday, sorry for the wait.")]),
           ("+447700900002 2024-03-01", [(C, "Can I pay by invoice?"), (A, "Yes, for orders over 100 pounds.")])]),
    shape("Sinch SMS inbounds and batches (type mo_text/mt_text, to a list, received_at or created_at)", "sinch.jsonl",
          "".join(json.dumps(record) + "\n" for record in [
              {"type": "mo_text", "id": "01F1", "from": "15551230001", "to": "12345", "body": "Where is my package?",
               "received_at": "2024-03-01T10:00:00.000Z", "operator_id": "310260"},
              {"type": "mt_text", "id": "01F2", "from": "12345", "to": ["15551230001"],
               "body": "It arrives today by 6 pm.", "created_at": "2024-03-01T10:02:00.000Z", "delivery_report": "none"},
              {"type": "mo_text", "id": "01F3", "from": "15551230002", "to": "12345", "body": "Can I change my plan?",
               "received_at": "2024-03-01T11:00:00.000Z", "operator_id": "310260"},
              {"type": "mt_text", "id": "01F4", "from": "12345", "to": ["15551230002"],
               "body": "Yes, from Settings, Plan.", "created_at": "2024-03-01T11:03:00.000Z", "delivery_report": "none"}]),
          [("+15551230001 2024-03-01", [(C, "Where is my package?"), (A, "It arrives today by 6 pm.")]),
           ("+15551230002 2024-03-01", [(C, "Can I change my plan?"), (A, "Yes, from Settings, Plan.")])]),
    shape("MessageBird Conversations messages (conversationId, direction received/sent, content.text)",
          "messagebird.json", jdump({"offset": 0, "limit": 20, "count": 4, "totalCount": 4, "items": [
              {"id": "mb1", "conversationId": "cv1", "platform": "sms", "to": "+31612345000", "from": "+31612345001",
               "channelId": "ch1", "type": "text", "content": {"text": "Where is my refund?"},
               "direction": "received", "status": "received", "createdDatetime": "2024-03-01T10:00:00Z"},
              {"id": "mb2", "conversationId": "cv1", "platform": "sms", "to": "+31612345001", "from": "+31612345000",
               "channelId": "ch1", "type": "text", "content": {"text": "It was sent yesterday; allow three days."},
               "direction": "sent", "status": "delivered", "createdDatetime": "2024-03-01T10:03:00Z"},
              {"id": "mb3", "conversationId": "cv2", "platform": "whatsapp", "to": "+31612345000",
               "from": "+31612345002", "channelId": "ch2", "type": "text", "content": {"text": "Do you open on Sunday?"},
               "direction": "received", "status": "received", "createdDatetime": "2024-03-01T11:00:00Z"},
              {"id": "mb4", "conversationId": "cv2", "platform": "whatsapp", "to": "+31612345002",
               "from": "+31612345000", "channelId": "ch2", "type": "text", "content": {"text": "No, Monday to Saturday."},
               "direction": "sent", "status": "delivered", "createdDatetime": "2024-03-01T11:02:00Z"}]}),
          [("cv1", [(C, "Where is my refund?"), (A, "It was sent yesterday; allow three days.")]),
           ("cv2", [(C, "Do you open on Sunday?"), (A, "No, Monday to Saturday.")])]),
    shape("MessageBird SMS messages (originator, recipients.items, direction mo/mt)", "messagebird-sms.json", jdump({
        "offset": 0, "limit": 20, "count": 4, "totalCount": 4, "items": [
            {"id": "s1", "direction": "mo", "type": "sms", "originator": "+31612345001", "body": "Is my order shipped?",
             "createdDatetime": "2024-03-01T10:00:00+00:00",
             "recipients": {"totalCount": 1, "items": [{"recipient": 31612345000, "status": "delivered"}]}},
            {"id": "s2", "direction": "mt", "type": "sms", "originator": "+31612345000",
             "body": "Yes, it left this morning.", "createdDatetime": "2024-03-01T10:02:00+00:00",
             "recipients": {"totalCount": 1, "items": [{"recipient": 31612345001, "status": "delivered"}]}},
            {"id": "s3", "direction": "mo", "type": "sms", "originator": "+31612345002", "body": "Can I cancel?",
             "createdDatetime": "2024-03-01T11:00:00+00:00",
             "recipients": {"totalCount": 1, "items": [{"recipient": 31612345000, "status": "delivered"}]}},
            {"id": "s4", "direction": "mt", "type": "sms", "originator": "+31612345000",
             "body": "Yes, within 14 days.", "createdDatetime": "2024-03-01T11:03:00+00:00",
             "recipients": {"totalCount": 1, "items": [{"recipient": 31612345002, "status": "delivered"}]}}]}),
          [("+31612345001 2024-03-01", [(C, "Is my order shipped?"), (A, "Yes, it left this morning.")]),
           ("+31612345002 2024-03-01", [(C, "Can I cancel?"), (A, "Yes, within 14 days.")])]),
]

WA_BUSINESS = "15550783881"


def whatsapp_delivery(values):
    """A WhatsApp Cloud API webhook delivery: one entry whose changes hold `values` ((field, value) pairs), each value
    with the business number's metadata."""
    metadata = {"display_phone_number": WA_BUSINESS, "phone_number_id": "106540352242922"}
    return {"object": "whatsapp_business_account", "entry": [{"id": "102290129340398", "changes": [
        {"value": dict({"messaging_product": "whatsapp", "metadata": metadata}, **value), "field": field}
        for field, value in values]}]}


def wa_inbound(customer, name, message_id, time, message_type, content):
    return ("messages", {"contacts": [{"profile": {"name": name}, "wa_id": customer}], "messages": [
        {"from": customer, "id": message_id, "timestamp": str(time), "type": message_type, message_type: content}]})


def wa_echo(customer, message_id, time, text):
    return ("smb_message_echoes", {"message_echoes": [
        {"from": WA_BUSINESS, "to": customer, "id": message_id, "timestamp": str(time), "type": "text",
         "text": {"body": text}}]})


def wa_status(customer, message_id, time, status):
    return ("messages", {"statuses": [{"id": message_id, "status": status, "timestamp": str(time),
                                       "recipient_id": customer, "conversation": {"id": "c1"}}]})


def messaging_delivery(product, page, events):
    """A Messenger (`page`) or Instagram webhook delivery: one entry holding `events` in `messaging`."""
    return {"object": product, "entry": [{"id": page, "time": events[0]["timestamp"], "messaging": events}]}


def messaging_event(sender, recipient, time, **body):
    return dict({"sender": {"id": sender}, "recipient": {"id": recipient}, "timestamp": time}, **body)


PAGE = "104000000000001"
IG = "17841400000000001"

# Meta's messaging webhooks as a log keeps their deliveries: WhatsApp's Cloud API (the customers' messages, the
# WhatsApp Business app's echoes of the business's, statuses), Messenger's and Instagram's messaging events (a page's
# own messages echoed with is_echo).
META_SHAPES = [
    shape("WhatsApp Cloud API webhooks with the business app's echoes, statuses and a retried delivery",
          "whatsapp-webhooks.jsonl", "".join(json.dumps(whatsapp_delivery(values)) + "\n" for values in [
              [wa_inbound("16505551234", "Ann", "wamid.A1", 1709632800, "text",
                          {"body": "Hi, my order 1234 has not arrived"})],
              [wa_inbound("4915112345678", "Max", "wamid.C1", 1709632810, "text",
                          {"body": "Kann ich meine Adresse ändern?"})],
              [wa_echo("16505551234", "wamid.B1", 1709632900, "Sorry! It ships tomorrow.")],
              [wa_status("16505551234", "wamid.B1", 1709632901, "sent"),
               wa_status("16505551234", "wamid.B1", 1709632905, "delivered")],
              [wa_echo("4915112345678", "wamid.D1", 1709633000, "Ja, schicken Sie uns die neue.")],
              [wa_inbound("16505551234", "Ann", "wamid.A1", 1709632800, "text",
                          {"body": "Hi, my order 1234 has not arrived"})]]),
          [("+16505551234 2024-03-05", [(C, "Hi, my order 1234 has not arrived"), (A, "Sorry! It ships tomorrow.")]),
           ("+4915112345678 2024-03-05", [(C, "Kann ich meine Adresse ändern?"),
                                          (A, "Ja, schicken Sie uns die neue.")])]),
    shape("WhatsApp Cloud API webhooks, the customers' messages only (a caption, a reply button), a JSON array",
          "whatsapp-inbound.json", jdump([whatsapp_delivery(values) for values in [
              [wa_status("16505551234", "wamid.X", 1709632000, "read")],
              [wa_inbound("16505551234", "Ann", "wamid.1", 1709632800, "image",
                          {"caption": "This part broke", "mime_type": "image/jpeg", "id": "55"})],
              [wa_inbound("16505551234", "Ann", "wamid.2", 1709632810, "interactive",
                          {"type": "button_reply", "button_reply": {"id": "b1", "title": "Talk to an agent"}})],
              [wa_inbound("4915112345678", "Max", "wamid.3", 1709640000, "text", {"body": "Wo ist mein Paket?"})]]]),
          [("+16505551234 2024-03-05", [(C, "This part broke"), (C, "Talk to an agent")]),
           ("+4915112345678 2024-03-05", [(C, "Wo ist mein Paket?")])]),
    shape("WhatsApp Cloud API webhooks' values logged one a line (an app's log of entry[].changes[].value)",
          "whatsapp-values.jsonl", "".join(
              json.dumps(whatsapp_delivery([values])["entry"][0]["changes"][0]["value"]) + "\n" for values in [
                  wa_inbound("16505551234", "Ann", "wamid.A1", 1709632800, "text", {"body": "Is the shop open today?"}),
                  wa_echo("16505551234", "wamid.B1", 1709632900, "Yes, until 6 pm."),
                  wa_status("16505551234", "wamid.B1", 1709632905, "read")]),
          [("+16505551234 2024-03-05", [(C, "Is the shop open today?"), (A, "Yes, until 6 pm.")])]),
    shape("Messenger webhooks with the page's echoes, a postback and a read, two events in one delivery",
          "messenger-webhooks.jsonl", "".join(json.dumps(messaging_delivery("page", PAGE, events)) + "\n" for events in [
              [messaging_event("6000000000000001", PAGE, 1709632800000,
                               message={"mid": "m_1", "text": "Do you ship to Canada?"}),
               messaging_event("6000000000000002", PAGE, 1709632805000,
                               postback={"mid": "m_3", "title": "Track my order", "payload": "TRACK"})],
              [messaging_event(PAGE, "6000000000000001", 1709632860000,
                               message={"mid": "m_2", "is_echo": True, "app_id": 1517776481860111,
                                        "text": "Yes, in about five days."})],
              [messaging_event("6000000000000001", PAGE, 1709632870000, read={"watermark": 1709632860000})],
              [messaging_event(PAGE, "6000000000000002", 1709633010000,
                               message={"mid": "m_4", "is_echo": True, "text": "Send me your order number."})]]),
          [("6000000000000001 2024-03-05", [(C, "Do you ship to Canada?"), (A, "Yes, in about five days.")]),
           ("6000000000000002 2024-03-05", [(C, "Track my order"), (A, "Send me your order number.")])]),
    shape("Instagram messaging webhooks with the account's echoes", "instagram-webhooks.jsonl",
          "".join(json.dumps(messaging_delivery("instagram", IG, events)) + "\n" for events in [
              [messaging_event("1790000000000001", IG, 1709632800000,
                               message={"mid": "aWdfZAG1", "text": "Is the blue one back in stock?"})],
              [messaging_event(IG, "1790000000000001", 1709632860000,
                               message={"mid": "aWdfZAG2", "is_echo": True, "text": "Yes, since this morning."})],
              [messaging_event("1790000000000002", IG, 1709633000000,
                               message={"mid": "aWdfZAG3", "text": "Do you ship to Norway?"})],
              [messaging_event(IG, "1790000000000002", 1709633060000,
                               message={"mid": "aWdfZAG4", "is_echo": True, "text": "Not yet, sorry."})]]),
          [("1790000000000001 2024-03-05", [(C, "Is the blue one back in stock?"), (A, "Yes, since this morning.")]),
           ("1790000000000002 2024-03-05", [(C, "Do you ship to Norway?"), (A, "Not yet, sorry.")])]),
]



def sunshine_event(message_id, conversation, author, text, time):
    """A Sunshine Conversations (v2) webhook's `conversation:message` event."""
    return {"id": "ev-" + message_id, "createdAt": time, "type": "conversation:message", "payload": {
        "conversation": {"id": conversation, "type": "personal", "brandId": "brand1"},
        "message": {"id": message_id, "received": time, "author": author, "content": {"type": "text", "text": text},
                    "source": {"type": "messenger", "integrationId": "int1"}}}}


def sunshine_delivery(events):
    return {"app": {"id": "5ebee0975ac5304b664a12fa"}, "webhook": {"id": "5f1b0f2e", "version": "v2"},
            "events": events}


def line_event(user, time, text=None, kind="message", message_id=None):
    event = {"type": kind, "timestamp": time, "source": {"type": "user", "userId": user}, "replyToken": "r" + str(time),
             "mode": "active", "webhookEventId": "01H" + str(time), "deliveryContext": {"isRedelivery": False}}
    if text is not None:
        event["message"] = {"type": "text", "id": message_id, "quoteToken": "q" + str(time), "text": text}
    return event


SUNSHINE_USER = {"type": "user", "userId": "u-ann", "displayName": "Ann Lee", "user": {"id": "u-ann"}}
SUNSHINE_USER_2 = {"type": "user", "userId": "u-bo", "displayName": "Bo Chen", "user": {"id": "u-bo"}}
SUNSHINE_BUSINESS = {"type": "business", "displayName": "Acme", "avatarUrl": "https://example.com/acme.png"}

def telegram_message(message_id, chat, name, time, text, bot=False):
    sender = ({"id": 999000111, "is_bot": True, "first_name": "Acme Support", "username": "acme_support_bot"} if bot
              else {"id": chat, "is_bot": False, "first_name": name, "language_code": "en"})
    return {"message_id": message_id, "from": sender, "chat": {"id": chat, "first_name": name, "type": "private"},
            "date": time, "text": text}


# Messaging platforms whose deliveries batch events (Sunshine Conversations', Zendesk's messaging; LINE's), and a
# Telegram bot's updates beside the messages it sent.
BATCH_SHAPES = [
    shape("Sunshine Conversations v2 webhooks (events batched, a user's and the business's messages, a read)",
          "sunshine-webhooks.jsonl", "".join(json.dumps(sunshine_delivery(events)) + "\n" for events in [
              [sunshine_event("m1", "c1", SUNSHINE_USER, "Where is my refund?", "2024-03-05T10:00:00.000Z"),
               sunshine_event("m2", "c2", SUNSHINE_USER_2, "Can I pause my plan?", "2024-03-05T10:00:05.000Z")],
              [{"id": "ev-r", "createdAt": "2024-03-05T10:00:30.000Z", "type": "conversation:read",
                "payload": {"conversation": {"id": "c1"}}},
               sunshine_event("m3", "c1", SUNSHINE_BUSINESS, "It was sent yesterday.", "2024-03-05T10:01:00.000Z")],
              [sunshine_event("m4", "c2", SUNSHINE_BUSINESS, "Yes, for up to three months.",
                              "2024-03-05T10:02:00.000Z")]]),
          [("c1", [(C, "Where is my refund?"), (A, "It was sent yesterday.")]),
           ("c2", [(C, "Can I pause my plan?"), (A, "Yes, for up to three months.")])]),
    shape("LINE Messaging API webhooks (the customers' messages only, a follow)", "line-webhooks.jsonl",
          "".join(json.dumps({"destination": "Ubot0001", "events": events}, ensure_ascii=False) + "\n" for events in [
              [line_event("U111", 1709632700000, kind="follow")],
              [line_event("U111", 1709632800000, "注文した商品がまだ届きません", message_id="4001"),
               line_event("U222", 1709632810000, "返品できますか", message_id="4002")],
              [line_event("U111", 1709632820000, "注文番号は1234です", message_id="4003")]]),
          [("U111 2024-03-05", [(C, "注文した商品がまだ届きません"), (C, "注文番号は1234です")]),
           ("U222 2024-03-05", [(C, "返品できますか")])]),
    shape("Telegram Bot API updates with the messages sendMessage answered ({ok, result}), a button pressed",
          "telegram-bot.jsonl", "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in [
              {"update_id": 5000001, "message": telegram_message(11, 70001, "Olga", 1709632800,
                                                                 "Здравствуйте, заказ не пришёл")},
              {"update_id": 5000002, "message": telegram_message(12, 70002, "Ivan", 1709632805, "Можно вернуть товар?")},
              {"ok": True, "result": telegram_message(13, 70001, "Olga", 1709632860, "Он будет у вас завтра.", bot=True)},
              {"update_id": 5000003, "callback_query": {"id": "cq1", "from": {"id": 70002, "is_bot": False},
                                                        "chat_instance": "-1", "data": "returns"}},
              {"ok": True, "result": telegram_message(14, 70002, "Ivan", 1709632900, "Да, в течение 14 дней.", bot=True)}]),
          [("70001 2024-03-05", [(C, "Здравствуйте, заказ не пришёл"), (A, "Он будет у вас завтра.")]),
           ("70002 2024-03-05", [(C, "Можно вернуть товар?"), (A, "Да, в течение 14 дней.")])]),
    shape("Viber bot callbacks (the users' messages only, a delivery receipt, a conversation started)",
          "viber-callbacks.jsonl", "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in [
              {"event": "conversation_started", "timestamp": 1709632700000, "chat_hostname": "SN-1",
               "message_token": 4999, "type": "open", "user": {"id": "01234567890A=", "name": "Eleni"},
               "subscribed": False},
              {"event": "message", "timestamp": 1709632800000, "chat_hostname": "SN-1", "message_token": 5001,
               "sender": {"id": "01234567890A=", "name": "Eleni", "language": "el", "country": "GR", "api_version": 10},
               "message": {"type": "text", "text": "Πού είναι η παραγγελία μου;"}, "silent": False},
              {"event": "delivered", "timestamp": 1709632801000, "chat_hostname": "SN-1", "message_token": 4000,
               "user_id": "01234567890A="},
              {"event": "message", "timestamp": 1709632900000, "chat_hostname": "SN-1", "message_token": 5002,
               "sender": {"id": "99999999990B=", "name": "Nikos", "language": "el", "country": "GR", "api_version": 10},
               "message": {"type": "text", "text": "Μπορώ να ακυρώσω;"}, "silent": False}]),
          [("01234567890A= 2024-03-05", [(C, "Πού είναι η παραγγελία μου;")]),
           ("99999999990B= 2024-03-05", [(C, "Μπορώ να ακυρώσω;")])]),
    shape("Twilio's requests to a WhatsApp webhook (no time), status callbacks, the message resources of the answers",
          "twilio-webhooks.jsonl", "".join(json.dumps(record) + "\n" for record in [
              {"SmsMessageSid": "SM1", "NumMedia": "0", "ProfileName": "Ann", "MessageType": "text", "SmsSid": "SM1",
               "WaId": "16505551234", "SmsStatus": "received", "Body": "Hi, where is my order?",
               "To": "whatsapp:+14155238886", "NumSegments": "1", "MessageSid": "SM1", "AccountSid": "AC1",
               "From": "whatsapp:+16505551234", "ApiVersion": "2010-04-01"},
              {"SmsMessageSid": "SM2", "NumMedia": "0", "ProfileName": "Max", "MessageType": "text", "SmsSid": "SM2",
               "WaId": "4915112345678", "SmsStatus": "received", "Body": "Kann ich stornieren?",
               "To": "whatsapp:+14155238886", "NumSegments": "1", "MessageSid": "SM2", "AccountSid": "AC1",
               "From": "whatsapp:+4915112345678", "ApiVersion": "2010-04-01"},
              {"sid": "SM3", "account_sid": "AC1", "from": "whatsapp:+14155238886", "to": "whatsapp:+16505551234",
               "body": "It ships tomorrow.", "direction": "outbound-api", "status": "queued",
               "date_created": "Tue, 05 Mar 2024 10:01:00 +0000", "num_segments": "1"},
              {"SmsSid": "SM3", "SmsStatus": "delivered", "MessageStatus": "delivered", "To": "whatsapp:+16505551234",
               "MessageSid": "SM3", "AccountSid": "AC1", "From": "whatsapp:+14155238886", "ApiVersion": "2010-04-01"},
              {"sid": "SM4", "account_sid": "AC1", "from": "whatsapp:+14155238886", "to": "whatsapp:+4915112345678",
               "body": "Ja, bis morgen.", "direction": "outbound-api", "status": "queued",
               "date_created": "Tue, 05 Mar 2024 10:02:00 +0000", "num_segments": "1"}]),
          [("whatsapp:+16505551234", [(C, "Hi, where is my order?"), (A, "It ships tomorrow.")]),
           ("whatsapp:+4915112345678", [(C, "Kann ich stornieren?"), (A, "Ja, bis morgen.")])]),
    shape("tawk.to chat:transcript_created webhooks (the chat with its id and messages)", "tawk-webhooks.jsonl",
          "".join(json.dumps({
              "event": "chat:transcript_created", "time": "2024-03-05T10:10:00.000Z",
              "property": {"id": "5f1a2b", "name": "Acme"}, "requester": {"name": name, "type": "visitor"},
              "chat": {"id": chat, "visitor": {"name": name, "email": name.lower() + "@example.com", "country": "DE"},
                       "messages": [
                           {"sender": {"type": "visitor"}, "type": "msg", "msg": question,
                            "time": "2024-03-05T10:00:00.000Z"},
                           {"sender": {"t": "a", "n": "Sam", "id": "ag1", "type": "agent"}, "type": "msg",
                            "msg": answer, "time": "2024-03-05T10:01:00.000Z"}]}}) + "\n"
              for chat, name, question, answer in [
                  ("QWERTY123", "Ann", "Is the sale still on?", "Yes, until Sunday."),
                  ("ASDFGH456", "Bo", "Do you ship to Norway?", "Not yet, sorry.")]),
          [("QWERTY123", [(C, "Is the sale still on?"), (A, "Yes, until Sunday.")]),
           ("ASDFGH456", [(C, "Do you ship to Norway?"), (A, "Not yet, sorry.")])]),
    shape("Slack Events API deliveries (event_callback, the message in event, threads by thread_ts)",
          "slack-events.jsonl", "".join(json.dumps({
              "token": "XXYYZZ", "team_id": "T061EG9R6", "api_app_id": "A0PNCHHK2", "event": dict({
                  "type": "message", "channel": "C0SUPPORT", "user": user, "text": text, "ts": ts, "event_ts": ts,
                  "channel_type": "channel"}, **({"thread_ts": thread} if thread else {})),
              "type": "event_callback", "event_id": "Ev" + ts[-4:], "event_time": int(float(ts)),
              "authorizations": [{"enterprise_id": None, "team_id": "T061EG9R6", "user_id": "U0BOT", "is_bot": True}],
              "is_ext_shared_channel": False, "event_context": "4-eyJldCI6Im1lc3NhZ2UifQ"}) + "\n"
              for user, text, ts, thread in [
                  ("U1", "My invoice shows the wrong company", "1709632800.000100", None),
                  ("U2", "How do I add a seat?", "1709632900.000300", None),
                  ("U0AGENT", "Fixed, the new one is in your inbox.", "1709632860.000200", "1709632800.000100"),
                  ("U0AGENT", "Settings, then Billing, then Seats.", "1709632960.000400", "1709632900.000300")]),
          [("1709632800.000100", [(C, "My invoice shows the wrong company"), (A, "Fixed, the new one is in your inbox.")]),
           ("1709632900.000300", [(C, "How do I add a seat?"), (A, "Settings, then Billing, then Seats.")])]),
]

ALL_SHAPES = SHAPES + ROW_SHAPES + MORE_SHAPES + SMS_SHAPES + META_SHAPES + BATCH_SHAPES


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
        results[binary] = [run(os.path.abspath(binary), directory, s) for s in ALL_SHAPES]
    if args.json:
        print(json.dumps({"shapes": [s["name"] for s in ALL_SHAPES],
                          "builds": {b: [{"right": ok, "why": why} for ok, why in r] for b, r in results.items()}}))
        return
    print("| shape | " + " | ".join(args.binaries) + " |")
    print("|---|" + "---|" * len(args.binaries))
    for index, s in enumerate(ALL_SHAPES):
        cells = ["right" if results[b][index][0] else "wrong: " + results[b][index][1][:80] for b in args.binaries]
        print(f"| {s['name']} | " + " | ".join(cells) + " |")
    for binary in args.binaries:
        print(f"{binary}: {sum(ok for ok, _ in results[binary])} of {len(ALL_SHAPES)} right", file=sys.stderr)


if __name__ == "__main__":
    main()
